"""What runs around requests and changes: the environment read into settings (``env``), signals that
keep API caches and the front-end cache honest (``signals``), media serving by the visibility rule
(``media``) and the bounds on every search box (``search_limits``)."""

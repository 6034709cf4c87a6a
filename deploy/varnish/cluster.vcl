vcl 4.1;
# Varnish in front of TWO OR MORE app servers (bin/stack; production): a round-robin director
# over the app servers with a health probe on /health/ready/, then everything of default.vcl
# (caching, PURGE, X-Cache), which this file includes.
#
# - A server whose probe fails leaves the rotation until it passes again; a fetch that fails
#   (the server died between two probes) is retried once on the next server, so readers see no
#   error while one app server is down.
# - When EVERY server fails its probe, they are asked anyway (the same servers without a probe,
#   `appN_unprobed`), like Envoy's "panic threshold": under load all of them can miss the
#   probe's timeout at once, and a shared service (the object storage) failing makes every one
#   "not ready" although readers' API answers need nothing from it. Answering 503 to every
#   miss and every publish then turned a slow or partial fault into an outage (bench/load/,
#   bench/README.md "Load and faults"). A server that is really gone is skipped by the retry.
# - X-Backend on every answer names the app server that produced it (for the smoke test and
#   for operators; a cached answer keeps the name of the server that made it).
# - bin/stack writes its copy with the app servers' ports (the two backends below stand for
#   app servers on 8101 and 8102) and loads it with `-p vcc_err_unref=off`, because the
#   single backend `cms` that default.vcl declares is unused here.
#
# docs/deployment.md ("Topology").

import directors;

probe ready {
    .url = "/health/ready/";
    .timeout = 2s;
    .interval = 2s;
    .window = 3;
    .threshold = 2;
    .initial = 2;
}

backend app1 {
    .host = "127.0.0.1";
    .port = "8101";
    .probe = ready;
    .connect_timeout = 1s;
}

backend app2 {
    .host = "127.0.0.1";
    .port = "8102";
    .probe = ready;
    .connect_timeout = 1s;
}

# The same servers without a probe: asked only when every probed one is sick (see above).
backend app1_unprobed {
    .host = "127.0.0.1";
    .port = "8101";
    .connect_timeout = 1s;
}

backend app2_unprobed {
    .host = "127.0.0.1";
    .port = "8102";
    .connect_timeout = 1s;
}

sub vcl_init {
    new ready_apps = directors.round_robin();
    ready_apps.add_backend(app1);
    ready_apps.add_backend(app2);
    new any_app = directors.round_robin();
    any_app.add_backend(app1_unprobed);
    any_app.add_backend(app2_unprobed);
    # The first healthy of the two: the ready servers, else all of them.
    new app = directors.fallback();
    app.add_backend(ready_apps.backend());
    app.add_backend(any_app.backend());
}

# Runs before default.vcl's vcl_recv (VCL appends subroutines of the same name in order).
sub vcl_recv {
    set req.backend_hint = app.backend();
}

sub vcl_backend_fetch {
    # On a retry, the director is asked again: the next healthy server (or the next of all).
    set bereq.backend = app.backend();
}

sub vcl_backend_error {
    # Connection refused or reset: the server died since its last probe. Once more, elsewhere.
    if (bereq.retries < 1 && bereq.method ~ "^(GET|HEAD)$") {
        return (retry);
    }
}

sub vcl_backend_response {
    set beresp.http.X-Backend = beresp.backend.name;
}

include "./default.vcl";

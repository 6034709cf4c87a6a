vcl 4.1;
# Varnish (Debian's 7.1) in front of the CMS: caches anonymous API answers, purged by the CMS.
#
# - Stores anonymous GET/HEAD answers for their Cache-Control s-maxage (the API sends
#   "public, max-age=60, s-maxage=600"), one variant per value of the headers the answer's Vary
#   names (Accept-Language, X-Frontend, Accept-Encoding).
# - Never serves from or stores into the cache a request with Authorization (a token) or any
#   Cookie (a session); never stores an answer that is private, no-store, no-cache, sets a
#   cookie, or declares no Cache-Control at all.
# - PURGE <url> (Wagtail's HTTP purge backend, WAGTAILFRONTENDCACHE) from the purge ACL bans every
#   stored variant of the URL's path on that host, whatever its query: purging one listing URL
#   clears every filtered, ordered and paged listing of that endpoint; a find-by-path URL clears
#   the answers for that path only.
# - X-Cache: HIT, MISS or PASS on every answer (and Varnish's own Age and X-Varnish).
#
# docs/delivery.md ("Cache (CDN) setup"); tests/delivery/test_varnish.py runs it in front of the
# test server (the fixture replaces the backend's port).

import std;

backend cms {
    .host = "127.0.0.1";
    .port = "8000";
}

# Who may purge: the CMS's own hosts (where its task worker runs).
acl purge {
    "127.0.0.1";
    "::1";
}

# One spelling per URL: sorted query parameters, and in a find-by-path query plain slashes
# (URLSearchParams sends path=%2Fx%2F, others path=/x/): the same answer is stored once, and a
# purge names it in any spelling.
sub normalize_url {
    set req.url = std.querysort(req.url);
    if (req.url ~ "^[^?]*/pages/find/\?") {
        set req.url = regsuball(req.url, "%2[Ff]", "/");
    }
}

sub vcl_recv {
    if (req.http.host) {
        set req.http.host = req.http.host.lower();
    }
    if (req.method == "PURGE") {
        if (client.ip !~ purge) {
            return (synth(403, "Forbidden"));
        }
        call normalize_url;
        set req.http.x-purge-path = regsub(req.url, "\?.*$", "");
        if (req.url ~ "^[^?]*/pages/find/\?(.*&)?path=") {
            # Only the answers for this page path (of every locale and front end).
            set req.http.x-purge-find = "/" + regsuball(
                regsub(req.url, "^[^?]*\?(.*&)?path=([^&]*).*$", "\2"), "^/+|/+$", "");
            set req.http.x-ban = "obj.http.x-host == " + req.http.host
                + " && obj.http.x-path == " + req.http.x-purge-path
                + " && obj.http.x-find-path == " + req.http.x-purge-find;
        } else {
            # Every query of this path: all listings of an endpoint, a detail in every locale.
            set req.http.x-ban = "obj.http.x-host == " + req.http.host
                + " && obj.http.x-path == " + req.http.x-purge-path;
        }
        if (std.ban(req.http.x-ban)) {
            return (synth(200, "Banned"));
        }
        return (synth(400, std.ban_error()));
    }
    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    if (req.http.Authorization || req.http.Cookie) {
        # A token or a session: answered for this reader alone.
        return (pass);
    }
    call normalize_url;
    # Falls through to Varnish's built-in vcl_recv (hash).
}

sub vcl_backend_response {
    if (bereq.uncacheable) {
        return (deliver);
    }
    if (beresp.http.Set-Cookie
        || !beresp.http.Cache-Control
        || beresp.http.Cache-Control ~ "(?i)(private|no-store|no-cache)") {
        # Remember "do not cache" for a short while (hit-for-miss), as the built-in VCL does.
        set beresp.ttl = 120s;
        set beresp.uncacheable = true;
        return (deliver);
    }
    # What a PURGE bans by (vcl_recv); beresp.ttl already follows s-maxage, then max-age.
    set beresp.http.x-host = bereq.http.host;
    set beresp.http.x-path = regsub(bereq.url, "\?.*$", "");
    if (bereq.url ~ "^[^?]*/pages/find/\?(.*&)?path=") {
        set beresp.http.x-find-path = "/" + regsuball(
            regsub(bereq.url, "^[^?]*\?(.*&)?path=([^&]*).*$", "\2"), "^/+|/+$", "");
    }
    # Falls through to the built-in vcl_backend_response (Vary: *, ttl <= 0).
}

sub vcl_deliver {
    if (obj.uncacheable) {
        set resp.http.X-Cache = "PASS";
    } elsif (obj.hits > 0) {
        set resp.http.X-Cache = "HIT";
    } else {
        set resp.http.X-Cache = "MISS";
    }
    unset resp.http.x-host;
    unset resp.http.x-path;
    unset resp.http.x-find-path;
}

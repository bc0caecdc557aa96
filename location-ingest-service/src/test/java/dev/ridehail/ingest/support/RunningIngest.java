package dev.ridehail.ingest.support;

import dev.ridehail.ingest.IngestApplication;
import dev.ridehail.testing.TestIssuer;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The service started as a separate application inside a test, for tests that need their own broker or topic and
 * must not disturb the cached Spring test context. Closing it stops the service. It trusts {@link TestIssuer#shared()}
 * unless the arguments say otherwise: an argument naming a property replaces the default for it (a repeated
 * command-line property would reach Spring as both values joined by a comma).
 */
public record RunningIngest(ConfigurableApplicationContext context, int port) implements AutoCloseable {

    public static RunningIngest start(String bootstrapServers, String... args) {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("server.port", "0");
        properties.put("spring.kafka.bootstrap-servers", bootstrapServers);
        properties.put("spring.main.banner-mode", "off");
        properties.put("logging.level.kafka", "WARN");
        properties.put("logging.level.org.apache.kafka", "WARN");
        properties.put("logging.level.state.change.logger", "WARN");
        properties.putAll(TestIssuer.shared().springProperties());
        for (String arg : args) {
            if (!arg.startsWith("--") || !arg.contains("=")) {
                throw new IllegalArgumentException("Expected --name=value, got " + arg);
            }
            properties.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
        }
        List<String> all = properties.entrySet().stream().map((e) -> "--" + e.getKey() + "=" + e.getValue()).toList();
        ConfigurableApplicationContext context = SpringApplication.run(IngestApplication.class,
                all.toArray(String[]::new));
        int port = ((WebServerApplicationContext) context).getWebServer().getPort();
        return new RunningIngest(context, port);
    }

    public IngestHttp http() {
        return new IngestHttp(port);
    }

    @Override
    public void close() {
        context.close();
    }
}

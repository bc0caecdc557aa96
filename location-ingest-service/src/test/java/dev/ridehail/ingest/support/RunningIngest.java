package dev.ridehail.ingest.support;

import dev.ridehail.ingest.IngestApplication;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import java.util.ArrayList;
import java.util.List;

/**
 * The service started as a separate application inside a test, for tests that need their own broker or topic and
 * must not disturb the cached Spring test context. Closing it stops the service.
 */
public record RunningIngest(ConfigurableApplicationContext context, int port) implements AutoCloseable {

    public static RunningIngest start(String bootstrapServers, String... args) {
        List<String> all = new ArrayList<>(List.of("--server.port=0",
                "--spring.kafka.bootstrap-servers=" + bootstrapServers, "--spring.main.banner-mode=off",
                "--logging.level.kafka=WARN", "--logging.level.org.apache.kafka=WARN",
                "--logging.level.state.change.logger=WARN"));
        all.addAll(List.of(args));
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

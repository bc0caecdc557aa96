package dev.ridehail.localstack;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's configuration table is the one list of every environment variable the three services read, checked
 * here against their application.yml files: every placeholder has its row, every row names a variable some service
 * reads, with the services that read it and their defaults; and one knob has one name — a variable means the same
 * property in every service, and a property shared by several services is set by the same variable in each.
 */
class ConfigurationTableTests {

    private static final Pattern CODE = Pattern.compile("`([^`]*)`");

    private static final Map<String, String> PREFIXES = Map.of("ingest", "ingest", "trip", "trip", "rider", "rider");

    private static Path root;

    /** Variable → service → (property, default). */
    private static Map<String, Map<String, Setting>> read;

    private static List<Row> rows;

    record Setting(String property, String defaultValue) {
    }

    record Row(Set<String> variables, Set<String> services, Set<String> defaults, String line) {
    }

    @BeforeAll
    static void readFiles() throws IOException {
        root = LocalStackMain.findProjectRoot(Path.of("").toAbsolutePath());
        read = new TreeMap<>();
        for (ServiceKind kind : ServiceKind.values()) {
            String service = shortName(kind);
            Map<String, Object> yaml = new Yaml()
                .load(Files.readString(root.resolve(kind.module()).resolve("src/main/resources/application.yml")));
            Map<String, String> flat = new LinkedHashMap<>();
            flatten("", yaml, flat);
            flat.forEach((property, value) -> placeholders(value).forEach((variable, defaultValue) -> read
                .computeIfAbsent(variable, v -> new TreeMap<>())
                .put(service, new Setting(property, defaultValue))));
        }
        rows = readmeRows(Files.readAllLines(root.resolve("README.md")));
    }

    @Test
    void shouldListEveryVariableTheServicesReadInTheReadme() {
        Set<String> listed = rows.stream().flatMap(row -> row.variables().stream()).collect(Collectors.toSet());
        Set<String> missing = new TreeSet<>(read.keySet());
        missing.removeAll(listed);

        assertThat(missing).as("variables read by a service but missing from the README's configuration table; rows:%n%s",
                expectedRows(missing)).isEmpty();
    }

    @Test
    void shouldListNoVariableThatNoServiceReads() {
        Set<String> unknown = rows.stream()
            .flatMap(row -> row.variables().stream())
            .filter(variable -> !read.containsKey(variable))
            .collect(Collectors.toCollection(TreeSet::new));

        assertThat(unknown).as("README configuration rows naming variables no application.yml reads").isEmpty();
    }

    @Test
    void shouldNameTheServicesAndDefaultsOfEachVariableAsTheirApplicationYmlDoes() {
        List<String> wrong = new ArrayList<>();
        for (Row row : rows) {
            Set<String> services = new TreeSet<>();
            Set<String> defaults = new TreeSet<>();
            for (String variable : row.variables()) {
                Map<String, Setting> byService = read.getOrDefault(variable, Map.of());
                services.addAll(byService.keySet());
                byService.values().forEach(setting -> defaults.add(setting.defaultValue()));
            }
            if (!services.equals(row.services()) || !defaults.equals(row.defaults())) {
                wrong.add(row.line() + "\n    expected used by " + describe(services) + ", defaults " + defaults);
            }
        }
        assertThat(wrong).as("README rows whose 'used by' or 'default' disagree with application.yml").isEmpty();
    }

    @Test
    void shouldMeanTheSamePropertyWhereverOneVariableIsRead() {
        List<String> inconsistent = new ArrayList<>();
        read.forEach((variable, byService) -> {
            Set<String> properties = byService.entrySet()
                .stream()
                .map(entry -> withoutServicePrefix(entry.getKey(), entry.getValue().property()))
                .collect(Collectors.toCollection(TreeSet::new));
            if (properties.size() > 1) {
                inconsistent.add(variable + " sets " + byService);
            }
        });
        assertThat(inconsistent).as("one variable, different properties").isEmpty();
    }

    @Test
    void shouldSetOneSharedPropertyByOneVariableInEveryService() {
        Map<String, Map<String, String>> variablesByProperty = new TreeMap<>();
        read.forEach((variable, byService) -> byService.forEach((service, setting) -> variablesByProperty
            .computeIfAbsent(withoutServicePrefix(service, setting.property()), p -> new TreeMap<>())
            .put(service, variable)));
        List<String> inconsistent = variablesByProperty.entrySet()
            .stream()
            .filter(entry -> new TreeSet<>(entry.getValue().values()).size() > 1)
            .map(entry -> entry.getKey() + " is set by " + entry.getValue())
            .toList();

        assertThat(inconsistent).as("one property, different variables in different services").isEmpty();
    }

    /**
     * The outermost {@code ${NAME:default}} placeholders of a value, in order. A default may itself hold a placeholder
     * ({@code ${DLT_TOPIC_NAME:${TOPIC_NAME:rider-updates}.DLT}}): it is kept as text, since the inner variable sets
     * another property where it stands alone.
     */
    static Map<String, String> placeholders(String value) {
        Map<String, String> found = new LinkedHashMap<>();
        int start = value.indexOf("${");
        while (start >= 0) {
            int depth = 0;
            int end = start;
            for (int i = start; i < value.length(); i++) {
                if (value.startsWith("${", i)) {
                    depth++;
                    i++;
                }
                else if (value.charAt(i) == '}' && --depth == 0) {
                    end = i;
                    break;
                }
            }
            String body = value.substring(start + 2, end);
            int colon = body.indexOf(':');
            if (colon > 0 && body.substring(0, colon).matches("[A-Z][A-Z0-9_]*")) {
                found.put(body.substring(0, colon), body.substring(colon + 1));
            }
            start = value.indexOf("${", end + 1);
        }
        return found;
    }

    @Test
    void shouldReadOutermostPlaceholdersWithNestedDefaultsAsText() {
        assertThat(placeholders("${DLT_TOPIC_NAME:${TOPIC_NAME:rider-updates}.DLT}"))
            .containsExactly(Map.entry("DLT_TOPIC_NAME", "${TOPIC_NAME:rider-updates}.DLT"));
        assertThat(placeholders("-c statement_timeout=${DB_STATEMENT_TIMEOUT:5s} -c idle=${DB_IDLE:10s}"))
            .containsExactly(Map.entry("DB_STATEMENT_TIMEOUT", "5s"), Map.entry("DB_IDLE", "10s"));
        assertThat(placeholders("${DB_PASSWORD:}")).containsExactly(Map.entry("DB_PASSWORD", ""));
        assertThat(placeholders("plain text")).isEmpty();
    }

    private static String shortName(ServiceKind kind) {
        return switch (kind.module()) {
            case "location-ingest-service" -> "ingest";
            case "trip-service" -> "trip";
            case "rider-service" -> "rider";
            default -> throw new IllegalArgumentException(kind.module());
        };
    }

    // trip.topic.name and rider.topic.name are the same knob; spring.* and server.* are shared as they are.
    private static String withoutServicePrefix(String service, String property) {
        String prefix = PREFIXES.get(service) + ".";
        return property.startsWith(prefix) ? property.substring(prefix.length()) : property;
    }

    @SuppressWarnings("unchecked")
    private static void flatten(String prefix, Object node, Map<String, String> into) {
        if (node instanceof Map<?, ?> map) {
            map.forEach((key, value) -> flatten(prefix.isEmpty() ? key.toString() : prefix + "." + key, value, into));
        }
        else if (node instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                flatten(prefix + "[" + i + "]", list.get(i), into);
            }
        }
        else if (node != null) {
            into.put(prefix, node.toString());
        }
    }

    /**
     * The first table after the "## Configuration" heading: {@code | `VAR`[, `VAR2`] | used by | default | meaning |},
     * "used by" being "all" or service short names, "default" the backticked values ("empty" for an empty one).
     */
    static List<Row> readmeRows(List<String> readme) {
        List<Row> found = new ArrayList<>();
        boolean inSection = false;
        boolean inTable = false;
        for (String line : readme) {
            if (line.startsWith("## ")) {
                if (inSection) {
                    break;
                }
                inSection = line.equals("## Configuration");
                continue;
            }
            if (!inSection) {
                continue;
            }
            if (!line.startsWith("|")) {
                if (inTable) {
                    break;
                }
                continue;
            }
            inTable = true;
            String[] cells = line.split("(?<!\\\\)\\|", -1);
            if (cells.length < 5 || cells[1].isBlank() || cells[1].trim().startsWith("---")
                    || !cells[1].contains("`")) {
                continue;
            }
            Set<String> variables = codes(cells[1]);
            String usedBy = cells[2].trim();
            Set<String> services = usedBy.equals("all") ? new TreeSet<>(PREFIXES.keySet())
                    : new TreeSet<>(List.of(usedBy.split("\\s*,\\s*")));
            Set<String> defaults = codes(cells[3]);
            if (cells[3].contains("empty")) {
                defaults.add("");
            }
            found.add(new Row(variables, services, defaults, line));
        }
        return found;
    }

    private static Set<String> codes(String cell) {
        Set<String> values = new LinkedHashSet<>();
        Matcher code = CODE.matcher(cell);
        while (code.find()) {
            values.add(code.group(1));
        }
        return new TreeSet<>(values);
    }

    private static String describe(Set<String> services) {
        return services.equals(PREFIXES.keySet()) ? "all" : String.join(", ", services);
    }

    private static String expectedRows(Set<String> variables) {
        StringBuilder table = new StringBuilder();
        for (String variable : variables) {
            Map<String, Setting> byService = read.get(variable);
            Set<String> defaults = byService.values()
                .stream()
                .map(setting -> setting.defaultValue().isEmpty() ? "empty" : "`" + setting.defaultValue() + "`")
                .collect(Collectors.toCollection(TreeSet::new));
            String property = byService.values().iterator().next().property();
            table.append("| `").append(variable).append("` | ").append(describe(new TreeSet<>(byService.keySet())))
                .append(" | ").append(String.join(", ", defaults)).append(" | ").append(property).append(" |\n");
        }
        return table.toString();
    }
}

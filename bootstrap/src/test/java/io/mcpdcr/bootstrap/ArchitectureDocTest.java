package io.mcpdcr.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The module map of {@code docs/architecture.md} (its first code block: module, package, classes) names every public
 * top-level class of every module's main sources, and every class it names is in the module and package it says.
 */
class ArchitectureDocTest {
    private static final Path ROOT = Path.of("..");
    private static final Pattern PACKAGE = Pattern.compile("io\\.mcpdcr(?:\\.[a-z]+)+");
    private static final Pattern CLASS_NAME = Pattern.compile("[A-Z][A-Za-z0-9]*");
    private static final Pattern PUBLIC_TYPE = Pattern.compile(
            "^public\\s+(?:(?:final|abstract|sealed|non-sealed|static)\\s+)*(?:class|interface|record|enum|@interface)\\s+",
            Pattern.MULTILINE);

    @Test
    void everyClassTheMapNamesIsInTheModuleAndPackageItSays() throws IOException {
        List<String> misplaced = new ArrayList<>();
        for (Named named : namedClasses()) {
            if (!Files.isRegularFile(named.source())) {
                misplaced.add(named.module() + " " + named.packageName() + "." + named.className());
            }
        }
        assertThat(misplaced).as("classes docs/architecture.md places where they are not").isEmpty();
    }

    @Test
    void theMapNamesEveryPublicMainClass() throws IOException {
        Set<String> named = new TreeSet<>();
        namedClasses().forEach(each -> named.add(each.packageName() + "." + each.className()));
        Set<String> missing = new TreeSet<>(publicMainClasses());
        missing.removeAll(named);
        assertThat(missing).as("public classes docs/architecture.md does not name").isEmpty();
    }

    /** Reads the map line by line: a module column starts a module, a package column a package, the rest are names. */
    private static List<Named> namedClasses() throws IOException {
        String doc = Files.readString(ROOT.resolve("docs/architecture.md"));
        int start = doc.indexOf("```\n") + 4;
        String map = doc.substring(start, doc.indexOf("```", start));
        Map<String, StringBuilder> namesByPlace = new LinkedHashMap<>();
        String module = null;
        String place = null;
        for (String line : map.split("\n")) {
            String rest = line;
            if (!line.isEmpty() && !Character.isWhitespace(line.charAt(0))) {
                module = line.split("\\s+", 2)[0];
            }
            Matcher packageName = PACKAGE.matcher(line);
            if (packageName.find()) {
                place = module + " " + packageName.group();
                rest = line.substring(packageName.end());
            }
            assertThat(place).as("a map line before any package: %s", line).isNotNull();
            namesByPlace.computeIfAbsent(place, key -> new StringBuilder()).append(' ').append(rest);
        }
        List<Named> named = new ArrayList<>();
        namesByPlace.forEach((where, text) -> {
            String[] moduleAndPackage = where.split(" ");
            // Parenthesised notes may span lines; "A and B" lists two classes; paths such as db/migration/V*.sql
            // name resources, not classes.
            String names = text.toString().replaceAll("\\([^)]*\\)", "").replace(" and ", ",");
            for (String name : names.split(",")) {
                String trimmed = name.trim();
                if (trimmed.isEmpty() || trimmed.contains("/")) {
                    continue;
                }
                assertThat(trimmed).as("a name in the map of %s", where).matches(CLASS_NAME);
                named.add(new Named(moduleAndPackage[0], moduleAndPackage[1], trimmed));
            }
        });
        return named;
    }

    /** Every public top-level class under {@code <module>/src/main/java}, as package-qualified names. */
    private static Set<String> publicMainClasses() throws IOException {
        Set<String> classes = new TreeSet<>();
        try (Stream<Path> modules = Files.list(ROOT)) {
            for (Path sources : modules.map(module -> module.resolve("src/main/java")).filter(Files::isDirectory).toList()) {
                try (Stream<Path> files = Files.walk(sources)) {
                    for (Path file : files.filter(path -> path.toString().endsWith(".java")).toList()) {
                        String className = file.getFileName().toString().replace(".java", "");
                        if (className.equals("package-info")) {
                            continue;
                        }
                        if (Pattern.compile(PUBLIC_TYPE.pattern() + className + "\\b", Pattern.MULTILINE)
                                .matcher(Files.readString(file)).find()) {
                            String packageName = sources.relativize(file.getParent()).toString().replace('/', '.');
                            classes.add(packageName + "." + className);
                        }
                    }
                }
            }
        }
        assertThat(classes).as("public main classes").isNotEmpty();
        return classes;
    }

    private record Named(String module, String packageName, String className) {
        Path source() {
            return ROOT.resolve(module).resolve("src/main/java").resolve(packageName.replace('.', '/'))
                    .resolve(className + ".java");
        }
    }
}

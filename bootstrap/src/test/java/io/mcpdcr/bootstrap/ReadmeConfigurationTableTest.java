package io.mcpdcr.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** README's configuration table names exactly the variables the service reads, so neither can drift from the other. */
class ReadmeConfigurationTableTest {
    private static final Path README = Path.of("..", "README.md");
    private static final Pattern TABLE_ROW = Pattern.compile("^\\| ([^|]*`DCR_[^|]*) \\|", Pattern.MULTILINE);
    private static final Pattern VARIABLE = Pattern.compile("`(DCR_[A-Z0-9_]+)`");

    @Test
    void theTableNamesEveryVariableTheServiceReadsAndNoOther() throws IOException {
        assertThat(tableVariables()).isEqualTo(variablesRead());
    }

    /** The names in the first column of README's table rows; a row may name several ({@code `A` / `B`}). */
    private static Set<String> tableVariables() throws IOException {
        Set<String> names = new TreeSet<>();
        Matcher row = TABLE_ROW.matcher(Files.readString(README));
        while (row.find()) {
            Matcher variable = VARIABLE.matcher(row.group(1));
            while (variable.find()) {
                names.add(variable.group(1));
            }
        }
        assertThat(names).as("README's configuration table").isNotEmpty();
        return names;
    }

    /** Every name {@link Settings#from} asks its environment for, recorded as it reads the defaults, and the log level. */
    private static Set<String> variablesRead() {
        Set<String> names = new TreeSet<>();
        var env = new HashMap<String, String>() {
            @Override
            public String getOrDefault(Object key, String fallback) {
                names.add((String) key);
                return super.getOrDefault(key, fallback);
            }
        };
        Settings.from(env);
        names.add(LogSetup.LEVEL_VARIABLE);
        return names;
    }
}

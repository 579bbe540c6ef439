package io.mcpdcr.bootstrap;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Admin command output: an aligned table for people, or JSON (one array of objects) for scripts. */
final class TableOutput {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final List<String> columns;
    private final List<Map<String, Object>> rows = new ArrayList<>();

    TableOutput(String... columns) {
        this.columns = List.of(columns);
    }

    /** Adds a row; values line up with the columns, and null prints as "-" (and as null in JSON). */
    TableOutput row(Object... values) {
        Map<String, Object> row = new LinkedHashMap<>();
        for (int i = 0; i < columns.size(); i++) {
            row.put(columns.get(i), values[i]);
        }
        rows.add(row);
        return this;
    }

    void print(PrintWriter out, boolean json) {
        if (json) {
            printJson(out, rows);
            return;
        }
        int[] widths = columns.stream().mapToInt(String::length).toArray();
        for (Map<String, Object> row : rows) {
            for (int i = 0; i < columns.size(); i++) {
                widths[i] = Math.max(widths[i], text(row.get(columns.get(i))).length());
            }
        }
        line(out, widths, new ArrayList<>(columns));
        for (Map<String, Object> row : rows) {
            line(out, widths, columns.stream().map(c -> text(row.get(c))).toList());
        }
    }

    static void printJson(PrintWriter out, Object value) {
        try {
            out.println(JSON.writeValueAsString(value));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("admin output not serialisable", e);
        }
    }

    private static void line(PrintWriter out, int[] widths, List<String> cells) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            String cell = cells.get(i);
            line.append(cell);
            if (i < cells.size() - 1) {
                line.append(" ".repeat(widths[i] - cell.length() + 2));
            }
        }
        out.println(line);
    }

    private static String text(Object value) {
        return value == null ? "-" : value.toString().replaceAll("\\p{Cntrl}", "?");
    }
}

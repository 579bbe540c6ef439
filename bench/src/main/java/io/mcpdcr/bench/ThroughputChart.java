package io.mcpdcr.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.ToDoubleFunction;
import javax.imageio.ImageIO;

/**
 * The chart of docs/benchmarks.md: one row per workload, throughput on the left and p99 latency on the right, bars
 * grouped by connection count and coloured by target. Plain Java2D, so the harness needs no charting library.
 */
final class ThroughputChart {
    private static final int PANEL_W = 640;
    private static final int PANEL_H = 300;
    private static final int MARGIN_LEFT = 80;
    private static final int MARGIN_BOTTOM = 40;
    private static final int TITLE_H = 34;
    private static final int LEGEND_H = 72;

    private final List<Measurement> measurements;
    private final List<Integer> connections;
    private final String caption;

    /** @param caption what run this was, shown at the top right (such as "quick run, load average 22.1") */
    ThroughputChart(List<Measurement> measurements, List<Integer> connections, String caption) {
        this.measurements = measurements;
        this.connections = connections;
        this.caption = caption;
    }

    void write(Path png) throws IOException {
        int width = 2 * PANEL_W;
        int height = LEGEND_H + Target.WORKLOADS.size() * PANEL_H;
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        legend(g);
        for (int row = 0; row < Target.WORKLOADS.size(); row++) {
            String workload = Target.WORKLOADS.get(row);
            int y = LEGEND_H + row * PANEL_H;
            panel(g, 0, y, Target.workloadTitle(workload) + ": requests/s", workload, Measurement::throughput);
            panel(g, PANEL_W, y, Target.workloadTitle(workload) + ": p99 latency (ms)", workload,
                    m -> m.p99Micros() / 1000.0);
        }
        g.dispose();
        ImageIO.write(image, "png", png.toFile());
    }

    private void legend(Graphics2D g) {
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 16));
        int x = 20;
        for (Target target : Target.values()) {
            g.setColor(target.color);
            g.fillRect(x, 18, 18, 18);
            g.setColor(Color.BLACK);
            g.drawString(target.label, x + 24, 33);
            x += 30 + g.getFontMetrics().stringWidth(target.label) + 20;
        }
        g.setFont(new Font(Font.SANS_SERIF, Font.ITALIC, 14));
        g.setColor(Color.DARK_GRAY);
        g.drawString("bars grouped by connections; " + caption, 20, 60);
    }

    private void panel(Graphics2D g, int x0, int y0, String title, String workload, ToDoubleFunction<Measurement> value) {
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
        g.drawString(title, x0 + 12, y0 + 22);
        int left = x0 + MARGIN_LEFT;
        int right = x0 + PANEL_W - 20;
        int top = y0 + TITLE_H;
        int bottom = y0 + PANEL_H - MARGIN_BOTTOM;
        double max = measurements.stream().filter(m -> m.workload().equals(workload)).mapToDouble(value).max().orElse(1);
        double scale = niceCeiling(max);
        String format = scale >= 10 ? "%,.0f" : "%.1f";

        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        for (int i = 0; i <= 4; i++) {
            double tick = scale * i / 4;
            int y = bottom - (int) Math.round((bottom - top) * tick / scale);
            g.setColor(new Color(0xe0e0e0));
            g.drawLine(left, y, right, y);
            g.setColor(Color.DARK_GRAY);
            String label = String.format(Locale.ROOT, format, tick);
            g.drawString(label, left - 8 - g.getFontMetrics().stringWidth(label), y + 4);
        }
        g.setColor(Color.BLACK);
        g.setStroke(new BasicStroke(1));
        g.drawLine(left, bottom, right, bottom);

        int groupWidth = (right - left) / connections.size();
        int barWidth = Math.max(4, (groupWidth - 20) / Target.values().length);
        for (int c = 0; c < connections.size(); c++) {
            int conns = connections.get(c);
            int groupLeft = left + c * groupWidth + 10;
            for (int t = 0; t < Target.values().length; t++) {
                Target target = Target.values()[t];
                Optional<Measurement> m = measurements.stream().filter(x -> x.target().equals(target.key)
                        && x.workload().equals(workload) && x.connections() == conns).findFirst();
                if (m.isEmpty()) {
                    continue;
                }
                double v = value.applyAsDouble(m.get());
                int h = (int) Math.round((bottom - top) * Math.min(v, scale) / scale);
                g.setColor(target.color);
                g.fillRect(groupLeft + t * barWidth, bottom - h, barWidth - 2, h);
            }
            g.setColor(Color.BLACK);
            String label = conns + (conns == 1 ? " conn" : " conns");
            g.drawString(label, groupLeft + (groupWidth - 20 - g.getFontMetrics().stringWidth(label)) / 2, bottom + 18);
        }
    }

    /** 1, 2 or 5 times a power of ten, at or above {@code max}. */
    private static double niceCeiling(double max) {
        if (max <= 0) {
            return 1;
        }
        double power = Math.pow(10, Math.floor(Math.log10(max)));
        for (double step : new double[] {1, 2, 2.5, 5, 10}) {
            if (step * power >= max) {
                return step * power;
            }
        }
        return 10 * power;
    }
}

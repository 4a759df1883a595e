package org.matfun.bench.baselines;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** XChart PNGs of the baseline benchmark: accuracy versus k, and accuracy versus time (log-log). */
final class BaselineCharts {

    private BaselineCharts() {
    }

    /**
     * @param curves method -> points (k, seconds, gradient relative error, value relative error)
     */
    static void write(Path accuracyPng, Path timePng, String title, Map<String, List<double[]>> curves)
            throws IOException {
        XYChart acc = chart(title + ": accuracy vs k", "Lanczos / Arnoldi steps k",
                "relative error (gradient; value for 'value only')");
        XYChart time = chart(title + ": accuracy vs time", "wall time (s)", "gradient relative error");
        for (Map.Entry<String, List<double[]>> c : curves.entrySet()) {
            boolean value = c.getKey().startsWith("value");
            List<Double> k = new ArrayList<>();
            List<Double> s = new ArrayList<>();
            List<Double> err = new ArrayList<>();
            for (double[] p : c.getValue()) {
                double y = value ? p[3] : p[2];
                if (Double.isNaN(y)) {
                    continue;
                }
                k.add(p[0]);
                s.add(p[1]);
                err.add(Math.max(y, 1e-17));
            }
            if (k.isEmpty()) {
                continue;
            }
            acc.addSeries(value ? "value only: value error" : c.getKey(), k, err);
            if (!value) {
                time.addSeries(c.getKey(), s, err);
            }
        }
        BitmapEncoder.saveBitmap(acc, accuracyPng.toString(), BitmapEncoder.BitmapFormat.PNG);
        BitmapEncoder.saveBitmap(time, timePng.toString(), BitmapEncoder.BitmapFormat.PNG);
    }

    private static XYChart chart(String title, String x, String y) {
        XYChart c = new XYChartBuilder().width(760).height(500).title(title).xAxisTitle(x).yAxisTitle(y).build();
        c.getStyler().setXAxisLogarithmic(true).setYAxisLogarithmic(true)
                .setLegendPosition(Styler.LegendPosition.OutsideS).setMarkerSize(6)
                .setChartTitleFont(c.getStyler().getChartTitleFont().deriveFont(12f));
        return c;
    }
}

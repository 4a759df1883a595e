package org.matfun.bench;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler;

import javax.imageio.ImageIO;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The step-time figure, drawn with XChart: left, ms per step of each configuration with the final
 * edge-gradient pass spread over the steps stacked on top; right, ms of each step of the reported round.
 */
final class StepTimesChart {

    private StepTimesChart() {
    }

    /**
     * @param perStep seconds per step, one per configuration
     * @param pass    final gradient pass divided by the steps (seconds), one per configuration
     * @param steps   seconds of each step, one array per configuration
     */
    static void write(Path png, String title, String[] labels, double[] perStep, double[] pass, double[][] steps)
            throws IOException {
        List<String> names = new ArrayList<>();
        for (String l : labels) {
            names.add(l.replace(", edge gradient", " + grad"));
        }
        CategoryChart bars = new CategoryChartBuilder().width(640).height(460).title(title)
                .xAxisTitle("configuration").yAxisTitle("ms per step").build();
        bars.getStyler().setStacked(true).setLegendPosition(Styler.LegendPosition.InsideNW)
                .setChartTitleFont(bars.getStyler().getChartTitleFont().deriveFont(11f));
        bars.addSeries("Lanczos steps", names, toMs(perStep));
        bars.addSeries("final edge-gradient pass / steps", names, toMs(pass));

        XYChart lines = new XYChartBuilder().width(600).height(460).title("each step of the reported round")
                .xAxisTitle("Lanczos step").yAxisTitle("ms").build();
        lines.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE).setMarkerSize(0)
                .setChartTitleFont(lines.getStyler().getChartTitleFont().deriveFont(11f));
        for (int c = 0; c < labels.length; c++) {
            List<Integer> x = new ArrayList<>();
            for (int k = 1; k <= steps[c].length; k++) {
                x.add(k);
            }
            lines.addSeries(labels[c], x, toMs(steps[c]));
        }
        BufferedImage left = BitmapEncoder.getBufferedImage(bars);
        BufferedImage right = BitmapEncoder.getBufferedImage(lines);
        BufferedImage both = new BufferedImage(left.getWidth() + right.getWidth(),
                Math.max(left.getHeight(), right.getHeight()), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = both.createGraphics();
        g.drawImage(left, 0, 0, null);
        g.drawImage(right, left.getWidth(), 0, null);
        g.dispose();
        ImageIO.write(both, "png", png.toFile());
    }

    private static List<Double> toMs(double[] seconds) {
        List<Double> ms = new ArrayList<>();
        for (double s : seconds) {
            ms.add(1e3 * s);
        }
        return ms;
    }
}

package io.seriesflow.it;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.function.IntPredicate;
import javax.imageio.ImageIO;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * What the chart shows, read from a screenshot of it as a person would see it: which pixel columns of the plot
 * area a series' colour reaches. Headless Chromium draws at one device pixel per CSS pixel, so the plot area the
 * page reports (CSS pixels from the chart's corner) is the image's.
 */
final class ChartPixels {
    /** The first series' colour in the light theme (#1f6feb), anti-aliased edges included. */
    static final IntPredicate BLUE = rgb -> blue(rgb) > 170 && blue(rgb) - red(rgb) > 90 && blue(rgb) - green(rgb) > 40;
    /** The second series' colour in the light theme (#d1242f). */
    static final IntPredicate RED = rgb -> red(rgb) > 160 && red(rgb) - green(rgb) > 110 && red(rgb) - blue(rgb) > 100;

    private final BufferedImage image;
    private final Plot plot;

    /** The plot area, in CSS pixels from the chart element's top left corner. */
    record Plot(int left, int right, int top, int bottom) {
        int width() {
            return right - left;
        }
    }

    /** Columns of the plot a colour reaches: the first and last, and how many. */
    record Span(int first, int last, int columns, int width) {
        /** From the leftmost to the rightmost column reached, as a share of the plot's width. */
        double share() {
            return columns == 0 ? 0 : (last - first + 1) / (double) width;
        }
    }

    private ChartPixels(BufferedImage image, Plot plot) {
        this.image = image;
        this.plot = plot;
    }

    static ChartPixels capture(ChromeDriver driver, WebElement chart) {
        @SuppressWarnings("unchecked")
        Map<String, Object> plot = (Map<String, Object>) driver.executeScript(
                "return window.seriesflowPage.snapshot().plot");
        try {
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(chart.getScreenshotAs(OutputType.BYTES)));
            return new ChartPixels(image, new Plot(number(plot, "left"), number(plot, "right"), number(plot, "top"),
                    number(plot, "bottom")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int number(Map<String, Object> map, String key) {
        return (int) Math.round(((Number) map.get(key)).doubleValue());
    }

    Plot plot() {
        return plot;
    }

    /** The columns of the plot area where the colour appears. */
    Span span(IntPredicate colour) {
        return span(colour, plot.left(), plot.right());
    }

    /** The columns from {@code x0} (inclusive) to {@code x1} (exclusive), within the plot's height. */
    Span span(IntPredicate colour, int x0, int x1) {
        int first = -1;
        int last = -1;
        int columns = 0;
        for (int x = Math.max(0, x0); x < Math.min(image.getWidth(), x1); x++) {
            if (columnHas(colour, x)) {
                first = first < 0 ? x : first;
                last = x;
                columns++;
            }
        }
        return new Span(first, last, columns, x1 - x0);
    }

    private boolean columnHas(IntPredicate colour, int x) {
        for (int y = Math.max(0, plot.top()); y < Math.min(image.getHeight(), plot.bottom()); y++) {
            if (colour.test(image.getRGB(x, y))) {
                return true;
            }
        }
        return false;
    }

    private static int red(int rgb) {
        return (rgb >> 16) & 0xff;
    }

    private static int green(int rgb) {
        return (rgb >> 8) & 0xff;
    }

    private static int blue(int rgb) {
        return rgb & 0xff;
    }
}

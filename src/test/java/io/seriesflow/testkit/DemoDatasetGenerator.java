package io.seriesflow.testkit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Makes the bundled demo dataset: 12,000 readings of a simulated server-room temperature sensor sampled at
 * 10 Hz (20 minutes), deterministic for a fixed seed. A slow swing, the on/off cycle of a cooling unit, sensor
 * noise and rare door-open bumps; every period divides the length, so the replay loops without a jump.
 *
 * <p>Run {@code main} to rewrite {@code src/main/resources/seriesflow/demo-dataset.json};
 * {@code DemoDatasetFileTest} checks the committed file is exactly what this produces.
 */
public final class DemoDatasetGenerator {
    public static final int LENGTH = 12_000;
    public static final long SEED = 20_261_129L;
    public static final Path FILE = Path.of("src/main/resources/seriesflow/demo-dataset.json");

    private DemoDatasetGenerator() {
    }

    public static String generate() {
        SplittableRandom random = new SplittableRandom(SEED);
        StringBuilder json = new StringBuilder(LENGTH * 20).append("[\n");
        double noise = 0;
        double bump = 0;
        for (int i = 0; i < LENGTH; i++) {
            double swing = 1.4 * Math.sin(2 * Math.PI * i / 6_000.0);
            double cyclePhase = (i % 1_200) / 1_200.0;
            double cooling = cyclePhase < 0.6 ? 0.5 - cyclePhase : -0.1 + (cyclePhase - 0.6) * 1.5;
            noise = 0.92 * noise + 0.04 * random.nextGaussian();
            if (random.nextInt(2_500) == 0) {
                bump = 0.8 + 0.4 * random.nextDouble();
            }
            bump *= 0.995;
            double value = 22.0 + swing + cooling + noise + bump;
            json.append(String.format(Locale.ROOT, "{\"value\":%.3f}", value))
                    .append(i + 1 < LENGTH ? ",\n" : "\n");
        }
        return json.append("]\n").toString();
    }

    public static void main(String[] args) throws IOException {
        Files.writeString(FILE, generate(), StandardCharsets.UTF_8);
        System.out.println("wrote " + FILE.toAbsolutePath());
    }
}

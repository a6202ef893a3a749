package io.seriesflow.engine;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.function.Supplier;

/** Makes epoch identifiers: 16 random hex digits, so two lives of a stream never share one. Thread-safe. */
public final class Epochs implements Supplier<String> {
    private final SecureRandom random = new SecureRandom();

    @Override
    public String get() {
        return HexFormat.of().toHexDigits(random.nextLong());
    }
}

package io.seriesflow.engine;

/** The engine is shutting down and accepts no new work. */
public final class EngineClosedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public EngineClosedException() {
        super("the server is shutting down");
    }
}

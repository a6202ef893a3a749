package io.seriesflow.web;

/** A request refused before any work was done; the handler answers with its {@link Problem}. */
final class ProblemException extends Exception {
    private static final long serialVersionUID = 1L;
    private final transient Problem problem;

    ProblemException(Problems.Type type, String detail) {
        super(detail, null, false, false);
        this.problem = new Problem(type, detail);
    }

    Problem problem() {
        return problem;
    }
}

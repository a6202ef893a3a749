package io.seriesflow.web;

/**
 * One problem to answer with: its documented type, the detail for this request and, where it applies, the point
 * or line at fault. Immutable.
 *
 * @param location "point N" or "line N", or null
 */
record Problem(Problems.Type type, String detail, String location) {
    Problem(Problems.Type type, String detail) {
        this(type, detail, null);
    }
}

/**
 * The container adapter: the only package that imports servlet, WebSocket or CDI types.
 *
 * <p>{@link io.seriesflow.web.SeriesflowListener} is the composition root: it reads the settings, has the
 * demo dataset loaded (by CDI where the container has it), obtains the scheduler (the container's managed
 * scheduled executor where there is one, else an application-owned pool), starts the engine, and on undeploy
 * stops it and closes only what it created. The endpoint and servlets are thin adapters that delegate to the
 * engine.
 *
 * <p>Portability rule: classes here are loaded by plain Tomcat, which has neither CDI nor Jakarta Concurrency.
 * CDI annotations are allowed (the JVM ignores annotations whose classes are missing), CDI types in fields or
 * signatures are not.
 *
 * <p>It also serves the operators: health ({@link io.seriesflow.web.HealthServlet}), Prometheus metrics adapted
 * from the engine's counters at each scrape ({@link io.seriesflow.web.MetricsServlet}) and the operations page's
 * API ({@link io.seriesflow.web.OperationsServlet}); the metrics library is used only here.
 *
 * <p>Allowed dependencies: {@code engine}, {@code protocol}, {@code config}, Jakarta Servlet, WebSocket,
 * JSON Processing, the CDI/annotation APIs (annotations only) and the Prometheus Java client.
 */
package io.seriesflow.web;

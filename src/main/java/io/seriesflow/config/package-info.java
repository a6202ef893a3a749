/**
 * Deploy-time configuration: one validated, immutable {@link io.seriesflow.config.Settings} record read from
 * the environment, system properties and servlet context parameters, in that order of precedence, then the
 * documented defaults. See {@code docs/configuration.md}, which a test keeps in step with {@link
 * io.seriesflow.config.Setting}.
 *
 * <p>Allowed dependencies: the JDK only. Immutable and thread-safe.
 */
package io.seriesflow.config;

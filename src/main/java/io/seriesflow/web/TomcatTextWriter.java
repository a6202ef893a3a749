package io.seriesflow.web;

import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.Session;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.ByteBuffer;
import java.util.Optional;

/**
 * Tomcat's own blocking write of one whole text message from bytes already in UTF-8: the standard
 * {@code sendText} makes Tomcat encode the same text again for every session (a char buffer, its encoder and a
 * copy per client per frame), while a frame's UTF-8 is made once for all. Tomcat (10.1 and 11) writes text that
 * way internally; its method is package-private, so it is found by reflection on the session's classes. Where it
 * is not found (another container, a Tomcat that changed it), sessions use the standard {@code sendText}.
 *
 * <p>The write keeps everything Tomcat does for a message: the session's blocking send time limit, the lock that
 * keeps messages and pings from interleaving, and {@code permessage-deflate} where it was negotiated. The caller
 * sends one message at a time per session, as the engine does.
 */
final class TomcatTextWriter {
    private static final System.Logger LOG = System.getLogger(TomcatTextWriter.class.getName());
    private static final String ENDPOINT_BASE = "org.apache.tomcat.websocket.WsRemoteEndpointBase";
    private static final String ENDPOINT_IMPL = "org.apache.tomcat.websocket.WsRemoteEndpointImplBase";
    private static final byte OPCODE_TEXT = 1;
    /** Tomcat's endpoint of the session. */
    private final Object endpoint;
    /** {@code (Object endpoint, byte opCode, ByteBuffer payload, boolean last)void}. */
    private final MethodHandle write;

    private TomcatTextWriter(Object endpoint, MethodHandle write) {
        this.endpoint = endpoint;
        this.write = write;
    }

    /**
     * Finds the writer for each session, remembering how per class of remote endpoint (one class in a given
     * Tomcat). One per application: the remembered handles point into Tomcat's classes, never the other way, so
     * nothing of Tomcat keeps the application's classes after it is undeployed (a {@code ClassValue} keyed by
     * Tomcat's class would). Thread-safe.
     */
    static final class Finder {
        /** The last class looked at and what was found for it; looked up again when another class comes. */
        private volatile Found last;

        /** The writer for the session, or empty when its container is not a Tomcat this can write through. */
        Optional<TomcatTextWriter> writerFor(Session session) {
            RemoteEndpoint.Basic remote = session.getBasicRemote();
            Found found = last;
            if (found == null || found.remoteClass() != remote.getClass()) {
                found = new Found(remote.getClass(), Access.find(remote.getClass()));
                last = found;
            }
            return found.access().flatMap(access -> access.writerFor(remote));
        }

        /** Whether the last session's container had Tomcat's write; empty before the first session. */
        Optional<Boolean> reachable() {
            Found found = last;
            return found == null ? Optional.empty() : Optional.of(found.access().isPresent());
        }

        private record Found(Class<?> remoteClass, Optional<Access> access) {
        }
    }

    /** Writes one whole text message; blocks like {@code sendText}, within the session's send time limit. */
    void send(byte[] utf8) throws IOException {
        try {
            write.invokeExact(endpoint, OPCODE_TEXT, ByteBuffer.wrap(utf8), true);
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IOException("Tomcat's text write failed", e);
        }
    }

    /** The two handles into Tomcat's classes: the endpoint behind a basic remote, and its write. */
    private record Access(MethodHandle endpointOf, MethodHandle write) {
        static Optional<Access> find(Class<?> remoteClass) {
            try {
                Class<?> base = superclassNamed(remoteClass, ENDPOINT_BASE);
                if (base == null) {
                    return Optional.empty();
                }
                Class<?> impl = Class.forName(ENDPOINT_IMPL, false, base.getClassLoader());
                MethodHandle endpointOf = MethodHandles.privateLookupIn(base, MethodHandles.lookup())
                        .findGetter(base, "base", impl)
                        .asType(MethodType.methodType(Object.class, RemoteEndpoint.Basic.class));
                MethodHandle write = MethodHandles.privateLookupIn(impl, MethodHandles.lookup())
                        .findVirtual(impl, "sendMessageBlock",
                                MethodType.methodType(void.class, byte.class, ByteBuffer.class, boolean.class))
                        .asType(MethodType.methodType(void.class, Object.class, byte.class, ByteBuffer.class,
                                boolean.class));
                return Optional.of(new Access(endpointOf, write));
            } catch (ReflectiveOperationException | RuntimeException e) {
                // Not Tomcat, or a Tomcat whose internals differ: the standard sendText is the way.
                LOG.log(Level.DEBUG, "Tomcat's text write is not reachable from {0}: {1}", remoteClass.getName(),
                        e.toString());
                return Optional.empty();
            }
        }

        Optional<TomcatTextWriter> writerFor(RemoteEndpoint.Basic remote) {
            try {
                Object endpoint = (Object) endpointOf.invokeExact(remote);
                return endpoint == null ? Optional.empty() : Optional.of(new TomcatTextWriter(endpoint, write));
            } catch (RuntimeException | Error e) {
                throw e;
            } catch (Throwable e) {
                LOG.log(Level.DEBUG, "Tomcat's text write is not reachable for this session: {0}", e.toString());
                return Optional.empty();
            }
        }

        private static Class<?> superclassNamed(Class<?> type, String name) {
            for (Class<?> c = type; c != null; c = c.getSuperclass()) {
                if (c.getName().equals(name)) {
                    return c;
                }
            }
            return null;
        }
    }
}

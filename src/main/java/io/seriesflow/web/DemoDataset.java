package io.seriesflow.web;

import io.seriesflow.engine.Dataset;
import io.seriesflow.protocol.DatasetFormatException;
import io.seriesflow.protocol.DatasetReader;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The application's one copy of the demo dataset, loaded once at deploy.
 *
 * <p>On a container with CDI this is an {@code @ApplicationScoped} bean injected into the listener; on plain
 * Tomcat the listener instantiates it itself. Either way one instance exists per deployment. Thread-safe:
 * the dataset is published once through an atomic reference.
 */
@ApplicationScoped
public class DemoDataset {
    /** The dataset shipped in the WAR, replayed when no file is configured. */
    static final String BUNDLED_RESOURCE = "seriesflow/demo-dataset.json";

    private final AtomicReference<Dataset> loaded = new AtomicReference<>();

    /**
     * Loads the configured file, or the bundled dataset when none is configured, the first time; later calls
     * return the dataset already loaded.
     *
     * @throws DatasetFormatException naming the file and the position of the problem
     */
    public Dataset load(Optional<String> file) {
        Dataset current = loaded.get();
        if (current != null) {
            return current;
        }
        Dataset read = file.map(DemoDataset::readFile).orElseGet(DemoDataset::readBundled);
        return loaded.compareAndSet(null, read) ? read : loaded.get();
    }

    private static Dataset readFile(String file) {
        Path path = Path.of(file).toAbsolutePath();
        try (InputStream input = Files.newInputStream(path)) {
            return new DatasetReader().read(path.toString(), input);
        } catch (NoSuchFileException e) {
            throw new DatasetFormatException(path + ": dataset file not found", e);
        } catch (IOException e) {
            throw new DatasetFormatException(path + ": cannot be read: " + e.getMessage(), e);
        }
    }

    private static Dataset readBundled() {
        String origin = "classpath:" + BUNDLED_RESOURCE;
        InputStream input = DemoDataset.class.getClassLoader().getResourceAsStream(BUNDLED_RESOURCE);
        if (input == null) {
            throw new DatasetFormatException(origin + ": bundled dataset not found in the WAR");
        }
        return new DatasetReader().read(origin, input);
    }
}

package io.seriesflow.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.xml.sax.SAXException;

/** The connector tuning {@code docker/tomcat/server.xml} ships, for tests that run an embedded Tomcat. */
public final class ShippedTomcatConfig {
    /** Attributes an embedded Tomcat sets itself (listening address, port, protocol). */
    private static final Set<String> PLACEMENT = Set.of("port", "address", "protocol");

    private ShippedTomcatConfig() {
    }

    /** The HTTP connector's attributes other than where it listens, as connector properties. */
    public static Map<String, String> connectorProperties() {
        Path serverXml = Path.of("docker/tomcat/server.xml");
        try {
            Element connector = (Element) DocumentBuilderFactory.newInstance().newDocumentBuilder()
                    .parse(serverXml.toFile()).getElementsByTagName("Connector").item(0);
            NamedNodeMap attributes = connector.getAttributes();
            Map<String, String> properties = new LinkedHashMap<>();
            for (int i = 0; i < attributes.getLength(); i++) {
                String name = attributes.item(i).getNodeName();
                if (!PLACEMENT.contains(name)) {
                    properties.put(name, attributes.item(i).getNodeValue());
                }
            }
            return properties;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ParserConfigurationException | SAXException e) {
            throw new IllegalStateException("cannot read " + serverXml, e);
        }
    }
}

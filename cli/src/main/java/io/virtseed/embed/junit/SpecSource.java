package io.virtseed.embed.junit;

import io.virtseed.core.error.SpecException;
import io.virtseed.core.spec.InstanceSpec;
import io.virtseed.core.spec.SpecLoader;
import io.virtseed.embed.Virtseeds;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the spec a {@link VirtseedInstance} names: a file, else a class path resource. */
final class SpecSource {

    static final String CLASSPATH = "classpath:";

    private SpecSource() {
    }

    static InstanceSpec resolve(String spec, ClassLoader loader) {
        boolean resourceOnly = spec.startsWith(CLASSPATH);
        String ref = resourceOnly ? spec.substring(CLASSPATH.length()) : spec;
        if (ref.isBlank()) {
            throw new SpecException("@VirtseedInstance names no spec");
        }
        if (!resourceOnly && Files.isRegularFile(Path.of(ref))) {
            return Virtseeds.load(Path.of(ref));
        }
        URL url = loader.getResource(ref.startsWith("/") ? ref.substring(1) : ref);
        if (url == null) {
            throw new SpecException("spec '" + spec + "' is " + (resourceOnly ? "" : "neither a file (from "
                    + Path.of("").toAbsolutePath() + ") nor ") + "a class path resource");
        }
        try {
            if ("file".equals(url.getProtocol())) {
                return Virtseeds.load(Path.of(url.toURI())); // relative paths in it are then from its folder
            }
            try (InputStream in = url.openStream()) {
                String yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                return Virtseeds.single(new SpecLoader().parse(yaml, Path.of(ref), Path.of("").toAbsolutePath()), spec);
            }
        } catch (IOException | URISyntaxException e) {
            throw new SpecException("cannot read spec '" + spec + "' (" + url + "): " + e.getMessage(), e);
        }
    }
}

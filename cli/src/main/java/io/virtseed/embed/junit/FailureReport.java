package io.virtseed.embed.junit;

import io.virtseed.core.RunningInstance;
import io.virtseed.embed.Virtseeds;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Collection;

/**
 * Saves what explains a failed test: each instance's console log and domain XML, in
 * {@code ROOT/CLASS/TEST/NAME.console.log} and {@code NAME.domain.xml}. Private to the owner
 * (0700 folders, 0600 files): a console may show what cloud-init printed, passwords included.
 */
final class FailureReport {

    private FailureReport() {
    }

    /** Writes the files and returns the folder; a part that cannot be read is noted in {@code NAME.error.txt}. */
    static Path save(Path root, String testClass, String test, Virtseeds session, Collection<RunningInstance> vms)
            throws IOException {
        Path dir = root.resolve(safe(testClass)).resolve(safe(test));
        createPrivateDirs(dir);
        for (RunningInstance vm : vms) {
            String name = vm.name().value();
            StringBuilder errors = new StringBuilder();
            try {
                write(dir.resolve(name + ".console.log"), vm.logs());
            } catch (RuntimeException e) {
                errors.append("console log: ").append(e.getMessage()).append('\n');
            }
            try {
                var xml = session.domainXml(vm.name());
                if (xml.isPresent()) {
                    write(dir.resolve(name + ".domain.xml"), xml.get());
                } else {
                    errors.append("domain XML: the hypervisor has no domain ").append(name).append('\n');
                }
            } catch (RuntimeException e) {
                errors.append("domain XML: ").append(e.getMessage()).append('\n');
            }
            if (!errors.isEmpty()) {
                write(dir.resolve(name + ".error.txt"), errors.toString());
            }
        }
        return dir;
    }

    /** A test's display name as one folder name: no separators, nothing that climbs out. */
    static String safe(String name) {
        String s = name.replaceAll("[^A-Za-z0-9._-]", "_");
        return s.isEmpty() || s.chars().allMatch(c -> c == '.') ? "_" : s;
    }

    private static void createPrivateDirs(Path dir) throws IOException {
        Path abs = dir.toAbsolutePath();
        if (!Files.isDirectory(abs)) {
            createPrivateDirs(abs.getParent());
            Files.createDirectory(abs, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
    }

    private static void write(Path file, String text) throws IOException {
        Files.deleteIfExists(file); // a report of an earlier run: written anew with our mode
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }
}

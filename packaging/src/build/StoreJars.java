import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Enumeration;
import java.util.regex.Pattern;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * Build step of the distribution (packaging/pom.xml, prepare-package): rewrites the jars of a directory with their
 * entries stored instead of deflated, in the same order and with the same contents and times. The JVM then maps
 * classes instead of inflating them, which shortens every start for a few MB on disk (figures in
 * docs/performance.md). Jars whose file name matches the exclusion pattern (BouncyCastle and
 * JNA: large, and loaded only for certificates and native calls) stay as they are. A jar already stored is left
 * alone, so the step can run on every build.
 *
 * <p>Run as a single-file program: {@code java StoreJars.java <dir> <exclude-regex>}.
 */
public final class StoreJars {
    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]);
        Pattern exclude = Pattern.compile(args.length > 1 ? args[1] : "$^");
        try (DirectoryStream<Path> jars = Files.newDirectoryStream(dir, "*.jar")) {
            for (Path jar : jars) {
                if (!exclude.matcher(jar.getFileName().toString()).find() && hasDeflated(jar)) {
                    store(jar);
                }
            }
        }
    }

    private static boolean hasDeflated(Path jar) throws IOException {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            return zip.stream().anyMatch(e -> e.getMethod() == ZipEntry.DEFLATED);
        }
    }

    private static void store(Path jar) throws IOException {
        Path tmp = jar.resolveSibling(jar.getFileName() + ".tmp");
        try (ZipFile in = new ZipFile(jar.toFile());
             OutputStream file = Files.newOutputStream(tmp);
             ZipOutputStream out = new ZipOutputStream(file)) {
            out.setMethod(ZipOutputStream.STORED);
            for (Enumeration<? extends ZipEntry> entries = in.entries(); entries.hasMoreElements(); ) {
                ZipEntry e = entries.nextElement();
                byte[] data;
                try (InputStream s = in.getInputStream(e)) {
                    data = s.readAllBytes();
                }
                CRC32 crc = new CRC32();
                crc.update(data);
                ZipEntry copy = new ZipEntry(e.getName());
                copy.setMethod(ZipEntry.STORED);
                copy.setSize(data.length);
                copy.setCompressedSize(data.length);
                copy.setCrc(crc.getValue());
                copy.setTime(e.getTime());
                if (e.getComment() != null) {
                    copy.setComment(e.getComment());
                }
                out.putNextEntry(copy);
                out.write(data);
                out.closeEntry();
            }
        }
        Files.move(tmp, jar, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}

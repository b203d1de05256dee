import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Enumeration;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * Build step of the distribution (packaging/pom.xml, prepare-package): removes the jar signatures (META-INF/*.SF and
 * their signature blocks) and the per-entry digest sections of the manifest from the jars whose file name matches a
 * pattern (BouncyCastle's). The JDK verifies a signed jar the first time anything is read from it, a ServiceLoader
 * scan included: for bcprov that is 1.6 MB of manifest and signature file parsed and every entry read hashed, about
 * 70 ms of each enroll's CPU (docs/performance.md). The signature only matters to a JCE provider on Oracle's JDK; the
 * bundled OpenJDK runtime does not ask for it, as Debian's own unsigned bcprov shows. Entries are otherwise copied as
 * they are; a jar with no signature is left alone, so the step can run on every build.
 *
 * <p>Run as a single-file program: {@code java UnsignJars.java <dir> <file-name-regex>}.
 */
public final class UnsignJars {
    private static final Pattern SIGNATURE = Pattern.compile("META-INF/[^/]+\\.(SF|RSA|DSA|EC)");

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]);
        Pattern include = Pattern.compile(args[1]);
        try (DirectoryStream<Path> jars = Files.newDirectoryStream(dir, "*.jar")) {
            for (Path jar : jars) {
                if (include.matcher(jar.getFileName().toString()).find() && isSigned(jar)) {
                    unsign(jar);
                }
            }
        }
    }

    private static boolean isSigned(Path jar) throws IOException {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            return zip.stream().anyMatch(e -> SIGNATURE.matcher(e.getName()).matches());
        }
    }

    private static void unsign(Path jar) throws IOException {
        Path tmp = jar.resolveSibling(jar.getFileName() + ".tmp");
        try (ZipFile in = new ZipFile(jar.toFile());
             OutputStream file = Files.newOutputStream(tmp);
             ZipOutputStream out = new ZipOutputStream(file)) {
            for (Enumeration<? extends ZipEntry> entries = in.entries(); entries.hasMoreElements(); ) {
                ZipEntry e = entries.nextElement();
                if (SIGNATURE.matcher(e.getName()).matches()) {
                    continue;
                }
                byte[] data;
                try (InputStream s = in.getInputStream(e)) {
                    data = s.readAllBytes();
                }
                if (e.getName().equals("META-INF/MANIFEST.MF")) {
                    data = mainSection(data);
                }
                ZipEntry copy = new ZipEntry(e.getName());
                copy.setTime(e.getTime());
                out.putNextEntry(copy);
                out.write(data);
                out.closeEntry();
            }
        }
        Files.move(tmp, jar, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** The manifest's main attributes: everything before the first empty line (the per-entry digests follow it). */
    private static byte[] mainSection(byte[] manifest) {
        String text = new String(manifest, StandardCharsets.UTF_8).replace("\r\n", "\n");
        int end = text.indexOf("\n\n");
        String main = end < 0 ? text : text.substring(0, end + 1);
        return (main + "\n").replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8);
    }
}

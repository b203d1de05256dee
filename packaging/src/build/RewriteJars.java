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
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * Build step of the distribution (packaging/pom.xml, prepare-package): rewrites jars of a directory, entry by entry in
 * the same order with the same times, in one of two ways (figures for both in docs/performance.md):
 * <ul>
 * <li>{@code unsign <regex>}: the jars whose file name matches lose their signatures (META-INF/*.SF and their
 * signature blocks) and the per-entry digest sections of the manifest. The JDK verifies a signed jar the first time
 * anything is read from it, a ServiceLoader scan included: for BouncyCastle's bcprov that is 1.6 MB of manifest and
 * signature file parsed and every entry read hashed, about 70 ms of each enroll's CPU. The signature only matters to
 * a JCE provider on Oracle's JDK; the bundled OpenJDK runtime does not ask for it, as Debian's unsigned bcprov shows.
 * <li>{@code store <regex>}: the jars whose file name does not match have their entries stored instead of deflated.
 * The JVM then maps classes instead of inflating them, which shortens every start for a few MB on disk; the large
 * jars loaded only for certificates and native calls (BouncyCastle, JNA) are left out.
 * </ul>
 * A jar that is already as wanted is left alone, so the step can run on every build.
 *
 * <p>Run as a single-file program: {@code java RewriteJars.java <dir> unsign|store <file-name-regex>}.
 */
public final class RewriteJars {
    private static final Pattern SIGNATURE = Pattern.compile("META-INF/[^/]+\\.(SF|RSA|DSA|EC)");

    /** One way of rewriting: which jars, and what becomes of each entry. */
    private interface Rewrite {
        boolean wants(ZipFile jar);

        /** What to write for the entry {@code e} holding {@code data}, or null to leave it out. */
        Written entry(ZipEntry e, byte[] data);
    }

    /** An entry as written: its header (the time is set by the caller) and its contents. */
    private record Written(ZipEntry header, byte[] data) {
    }

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]);
        Pattern names = Pattern.compile(args[2]);
        boolean unsign = switch (args[1]) {
            case "unsign" -> true;
            case "store" -> false;
            default -> throw new IllegalArgumentException("unsign or store, not " + args[1]);
        };
        Rewrite rewrite = unsign ? new Unsign() : new Store();
        try (DirectoryStream<Path> jars = Files.newDirectoryStream(dir, "*.jar")) {
            for (Path jar : jars) {
                if (names.matcher(jar.getFileName().toString()).find() == unsign && wanted(jar, rewrite)) {
                    rewrite(jar, rewrite);
                }
            }
        }
    }

    private static boolean wanted(Path jar, Rewrite rewrite) throws IOException {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            return rewrite.wants(zip);
        }
    }

    private static void rewrite(Path jar, Rewrite rewrite) throws IOException {
        Path tmp = jar.resolveSibling(jar.getFileName() + ".tmp");
        try (ZipFile in = new ZipFile(jar.toFile());
             OutputStream file = Files.newOutputStream(tmp);
             ZipOutputStream out = new ZipOutputStream(file)) {
            for (Enumeration<? extends ZipEntry> entries = in.entries(); entries.hasMoreElements(); ) {
                ZipEntry e = entries.nextElement();
                byte[] data;
                try (InputStream s = in.getInputStream(e)) {
                    data = s.readAllBytes();
                }
                Written w = rewrite.entry(e, data);
                if (w == null) {
                    continue;
                }
                w.header().setTime(e.getTime());
                out.putNextEntry(w.header());
                out.write(w.data());
                out.closeEntry();
            }
        }
        Files.move(tmp, jar, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static final class Unsign implements Rewrite {
        @Override
        public boolean wants(ZipFile jar) {
            return jar.stream().anyMatch(e -> SIGNATURE.matcher(e.getName()).matches());
        }

        @Override
        public Written entry(ZipEntry e, byte[] data) {
            if (SIGNATURE.matcher(e.getName()).matches()) {
                return null;
            }
            return new Written(new ZipEntry(e.getName()), e.getName().equals("META-INF/MANIFEST.MF") ? mainSection(data) : data);
        }

        /** The manifest's main attributes: everything before the first empty line (the per-entry digests follow it). */
        private static byte[] mainSection(byte[] manifest) {
            String text = new String(manifest, StandardCharsets.UTF_8).replace("\r\n", "\n");
            int end = text.indexOf("\n\n");
            String main = end < 0 ? text : text.substring(0, end + 1);
            return (main + "\n").replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8);
        }
    }

    private static final class Store implements Rewrite {
        @Override
        public boolean wants(ZipFile jar) {
            return jar.stream().anyMatch(e -> e.getMethod() == ZipEntry.DEFLATED);
        }

        @Override
        public Written entry(ZipEntry e, byte[] data) {
            CRC32 crc = new CRC32();
            crc.update(data);
            ZipEntry copy = new ZipEntry(e.getName());
            copy.setMethod(ZipEntry.STORED);
            copy.setSize(data.length);
            copy.setCompressedSize(data.length);
            copy.setCrc(crc.getValue());
            if (e.getComment() != null) {
                copy.setComment(e.getComment());
            }
            return new Written(copy, data);
        }
    }
}

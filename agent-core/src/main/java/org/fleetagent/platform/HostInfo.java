package org.fleetagent.platform;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Facts about the real host, as the ECS {@code host} and {@code os} metadata report them to Fleet.
 *
 * @param hostname     the host name ({@code /proc/sys/kernel/hostname}, else the resolver's local name)
 * @param architecture the machine architecture in Go's naming ({@code x86_64}, {@code aarch64} as uname)
 * @param machineId    {@code /etc/machine-id} (empty when missing, as in containers)
 * @param ips          interface addresses in CIDR form, loopback included as the real agent does
 * @param macs         hardware addresses, upper-case with dashes (ECS style)
 * @param osFamily     {@code debian}, {@code redhat}, ... from os-release {@code ID_LIKE}/{@code ID}
 * @param osPlatform   os-release {@code ID}
 * @param osName       os-release {@code NAME}
 * @param osVersion    os-release {@code VERSION_ID}
 * @param osFull       os-release {@code PRETTY_NAME}
 * @param kernel       the kernel release
 * @param uid          the effective user id, or -1 when unknown
 */
public record HostInfo(String hostname, String architecture, String machineId, List<String> ips, List<String> macs,
                       String osFamily, String osPlatform, String osName, String osVersion, String osFull,
                       String kernel, long uid) {

    /** Reads the facts of the machine this process runs on. */
    public static HostInfo current() {
        Map<String, String> osRelease = readOsRelease();
        List<String> ips = new ArrayList<>();
        List<String> macs = new ArrayList<>();
        try {
            for (NetworkInterface nif : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                nif.getInterfaceAddresses().forEach(a -> {
                    InetAddress addr = a.getAddress();
                    String host = addr.getHostAddress();
                    if (addr instanceof Inet6Address) {
                        int zone = host.indexOf('%');
                        if (zone >= 0) {
                            host = host.substring(0, zone);
                        }
                    }
                    ips.add(host);
                });
                byte[] hw = nif.getHardwareAddress();
                if (hw != null && hw.length > 0) {
                    String mac = HexFormat.ofDelimiter("-").withUpperCase().formatHex(hw);
                    if (!macs.contains(mac)) {
                        macs.add(mac);
                    }
                }
            }
        } catch (SocketException e) {
            // no interfaces readable: report none rather than fail the enrollment
        }
        String id = osRelease.getOrDefault("ID", "linux");
        String like = osRelease.getOrDefault("ID_LIKE", id).split("\\s+")[0];
        return new HostInfo(readHostname(), readArchitecture(), readFirstLine(Path.of("/etc/machine-id")), List.copyOf(ips),
                List.copyOf(macs), family(id, like), id, osRelease.getOrDefault("NAME", "Linux"),
                osRelease.getOrDefault("VERSION_ID", ""), osRelease.getOrDefault("PRETTY_NAME", "Linux"),
                System.getProperty("os.version", ""), readUid());
    }

    private static String family(String id, String like) {
        String v = (id + " " + like).toLowerCase(Locale.ROOT);
        if (v.contains("debian") || v.contains("ubuntu")) {
            return "debian";
        }
        if (v.contains("rhel") || v.contains("fedora") || v.contains("centos")) {
            return "redhat";
        }
        if (v.contains("suse")) {
            return "suse";
        }
        return like.isEmpty() ? id : like;
    }

    private static String readHostname() {
        String h = readFirstLine(Path.of("/proc/sys/kernel/hostname"));
        if (!h.isEmpty()) {
            return h;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }

    private static String readArchitecture() {
        String a = System.getProperty("os.arch", "");
        return switch (a) {
            case "amd64", "x86_64" -> "x86_64";
            case "aarch64", "arm64" -> "aarch64";
            default -> a;
        };
    }

    private static long readUid() {
        try {
            Object v = Files.getAttribute(Path.of("/proc/self"), "unix:uid");
            return ((Number) v).longValue();
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return -1;
        }
    }

    private static Map<String, String> readOsRelease() {
        Map<String, String> m = new HashMap<>();
        for (Path p : List.of(Path.of("/etc/os-release"), Path.of("/usr/lib/os-release"))) {
            try {
                for (String line : Files.readAllLines(p, StandardCharsets.UTF_8)) {
                    int eq = line.indexOf('=');
                    if (eq > 0 && !line.startsWith("#")) {
                        String v = line.substring(eq + 1).trim();
                        if (v.length() >= 2 && (v.startsWith("\"") || v.startsWith("'"))) {
                            v = v.substring(1, v.length() - 1);
                        }
                        m.put(line.substring(0, eq).trim(), v);
                    }
                }
                return m;
            } catch (IOException e) {
                // try the next location
            }
        }
        return m;
    }

    private static String readFirstLine(Path p) {
        try {
            List<String> lines = Files.readAllLines(p, StandardCharsets.UTF_8);
            return lines.isEmpty() ? "" : lines.get(0).trim();
        } catch (IOException e) {
            return "";
        }
    }
}

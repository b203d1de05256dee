package org.fleetagent.fuzz;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * One edit of a byte string, the fuzzers' mutation: a bit flip, a cut, an insertion, a splice from another seed, an
 * overwrite with a troublesome value, or a slice repeated (deep nesting, long runs). Positions are taken modulo the
 * input's length, so that an edit applies to any input and jqwik can shrink it on its own.
 */
public sealed interface Edit {
    /** Bytes that parsers treat specially: NUL, high bit, UTF-8 lead and continuation bytes, line ends, PEM and YAML marks. */
    List<byte[]> TROUBLE = List.of(new byte[] {0}, new byte[] {(byte) 0xFF}, new byte[] {(byte) 0x80}, new byte[] {(byte) 0xC3},
            new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, new byte[] {(byte) 0xF0, (byte) 0x9F}, new byte[] {0x7F},
            bytes("\n"), bytes("\r\n"), bytes("-----"), bytes("-----END"), bytes("="), bytes(":"), bytes(": "), bytes("- "),
            bytes("{"), bytes("}"), bytes("["), bytes("]"), bytes("\""), bytes("'"), bytes("\\"), bytes("\\u"), bytes("&a"),
            bytes("*a"), bytes("!!binary "), bytes("!!"), bytes("? "), bytes("%YAML 1.1\n"), bytes("---\n"), bytes("#"),
            bytes("null"), bytes("1e999"), bytes("-1"), bytes("4294967295"), bytes("9223372036854775808"), bytes("0x"),
            new byte[] {0, 0, 0, 0}, new byte[] {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0x7F}, new byte[] {0, 0, 0, (byte) 0x80});

    byte[] apply(byte[] in, List<byte[]> seeds);

    /** Flips bit {@code bit} of the byte at {@code at}. */
    record FlipBit(int at, int bit) implements Edit {
        public byte[] apply(byte[] in, List<byte[]> seeds) {
            if (in.length == 0) {
                return in;
            }
            byte[] out = in.clone();
            out[at % in.length] ^= (byte) (1 << (bit & 7));
            return out;
        }
    }

    /** Keeps the first {@code at} bytes. */
    record Truncate(int at) implements Edit {
        public byte[] apply(byte[] in, List<byte[]> seeds) {
            return Arrays.copyOf(in, at % (in.length + 1));
        }
    }

    /** Inserts one of {@link #TROUBLE} at {@code at}. */
    record Insert(int at, int which) implements Edit {
        public byte[] apply(byte[] in, List<byte[]> seeds) {
            int p = at % (in.length + 1);
            return join(Arrays.copyOf(in, p), TROUBLE.get(which % TROUBLE.size()), Arrays.copyOfRange(in, p, in.length));
        }
    }

    /** Overwrites the bytes at {@code at} with one of {@link #TROUBLE}. */
    record Overwrite(int at, int which) implements Edit {
        public byte[] apply(byte[] in, List<byte[]> seeds) {
            byte[] value = TROUBLE.get(which % TROUBLE.size());
            int p = at % (in.length + 1);
            byte[] out = Arrays.copyOf(in, Math.max(in.length, p + value.length));
            System.arraycopy(value, 0, out, p, value.length);
            return out;
        }
    }

    /** Replaces what follows {@code at} with what follows {@code from} in seed {@code seed}. */
    record Splice(int at, int seed, int from) implements Edit {
        public byte[] apply(byte[] in, List<byte[]> seeds) {
            byte[] other = seeds.get(seed % seeds.size());
            int p = at % (in.length + 1);
            return join(Arrays.copyOf(in, p), Arrays.copyOfRange(other, from % (other.length + 1), other.length));
        }
    }

    /** Repeats the {@code length} bytes at {@code at} {@code times} times. */
    record Repeat(int at, int length, int times) implements Edit {
        public byte[] apply(byte[] in, List<byte[]> seeds) {
            if (in.length == 0) {
                return in;
            }
            int p = at % in.length;
            byte[] slice = Arrays.copyOfRange(in, p, Math.min(in.length, p + 1 + length % 16));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.write(in, 0, p);
            for (int i = 0; i < times; i++) {
                out.writeBytes(slice);
            }
            out.write(in, p, in.length - p);
            return out.toByteArray();
        }
    }

    /** Seed {@code seed} with {@code edits} applied in order. */
    static byte[] mutate(List<byte[]> seeds, int seed, List<Edit> edits) {
        byte[] b = seeds.get(seed % seeds.size());
        for (Edit e : edits) {
            b = e.apply(b, seeds);
        }
        return b;
    }

    /** jqwik's generator: a seed and one to eight edits of it. */
    static Arbitrary<byte[]> inputs(List<byte[]> seeds) {
        Arbitrary<Integer> pos = Arbitraries.integers().between(0, Integer.MAX_VALUE);
        Arbitrary<Integer> small = Arbitraries.integers().between(0, 1000);
        Arbitrary<Edit> edit = Arbitraries.oneOf(List.of(
                Combinators.combine(pos, small).as((a, b) -> (Edit) new FlipBit(a, b)),
                pos.map(a -> (Edit) new Truncate(a)),
                Combinators.combine(pos, small).as((a, b) -> (Edit) new Insert(a, b)),
                Combinators.combine(pos, small).as((a, b) -> (Edit) new Overwrite(a, b)),
                Combinators.combine(pos, small, pos).as((a, b, c) -> (Edit) new Splice(a, b, c)),
                Combinators.combine(pos, small, small).as((a, b, c) -> (Edit) new Repeat(a, b, c))));
        return Combinators.combine(Arbitraries.integers().between(0, seeds.size() - 1), edit.list().ofMinSize(1).ofMaxSize(8))
                .as((s, edits) -> mutate(seeds, s, edits));
    }

    /** The bench's generator: the same edits drawn from a seeded {@link Random}, for millions of runs without jqwik's bookkeeping. */
    static byte[] random(List<byte[]> seeds, Random r) {
        byte[] b = seeds.get(r.nextInt(seeds.size()));
        int n = 1 + r.nextInt(8);
        for (int i = 0; i < n; i++) {
            int at = r.nextInt(Integer.MAX_VALUE);
            Edit e = switch (r.nextInt(6)) {
                case 0 -> new FlipBit(at, r.nextInt(8));
                case 1 -> new Truncate(at);
                case 2 -> new Insert(at, r.nextInt(1000));
                case 3 -> new Overwrite(at, r.nextInt(1000));
                case 4 -> new Splice(at, r.nextInt(1000), r.nextInt(Integer.MAX_VALUE));
                default -> new Repeat(at, r.nextInt(16), r.nextInt(1001));
            };
            b = e.apply(b, seeds);
        }
        return b;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    private static byte[] join(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}

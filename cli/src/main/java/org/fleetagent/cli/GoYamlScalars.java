package org.fleetagent.cli;

import java.util.Set;
import java.util.regex.Pattern;

/**
 * How {@link GoYaml} writes one string, decided as Go's {@code gopkg.in/yaml.v2} (and the libyaml emitter under it)
 * decides it: whether a YAML 1.1 reader would resolve it to another type, which styles can hold it, and the order
 * of map keys.
 */
final class GoYamlScalars {
    private static final Pattern YAML_FLOAT = Pattern.compile("[-+]?(\\.[0-9]+|[0-9]+(\\.[0-9]*)?)([eE][-+]?[0-9]+)?");
    private static final Pattern BASE60_FLOAT = Pattern.compile("[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\\.[0-9_]*)?");
    private static final Pattern TIMESTAMP = Pattern.compile("[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}"
            + "(?:[Tt][0-9]{1,2}:[0-9]{1,2}:[0-9]{1,2}(?:\\.[0-9]+)?(?:Z|[-+][0-9]{2}:[0-9]{2})| [0-9]{1,2}:[0-9]{1,2}:[0-9]{1,2}(?:\\.[0-9]+)?)?");
    private static final Set<String> RESOLVED = Set.of("y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON",
            "n", "N", "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF", "", "~", "null", "Null", "NULL",
            ".nan", ".NaN", ".NAN", ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF", "-.inf", "-.Inf", "-.INF", "<<");


    /** yaml.v2's scalar styles. */
    enum Style { PLAIN, SINGLE, DOUBLE, LITERAL }

    private GoYamlScalars() {
    }

    /** The style yaml.v2 gives {@code s}: plain when a YAML 1.1 reader reads it back as this string, else quoted or a block. */
    static Style style(String s, boolean simpleKey) {
        Style style = s.contains("\n") ? Style.LITERAL : resolvesToString(s) && !BASE60_FLOAT.matcher(s).matches() ? Style.PLAIN : Style.DOUBLE;
        Analysis a = analyze(s);
        if (simpleKey && a.multiline) {
            style = Style.DOUBLE;
        }
        if (style == Style.PLAIN && (!a.blockPlainAllowed || s.isEmpty() && simpleKey)) {
            style = Style.SINGLE;
        }
        if (style == Style.SINGLE && !a.singleQuotedAllowed) {
            style = Style.DOUBLE;
        }
        if (style == Style.LITERAL && (!a.blockAllowed || simpleKey)) {
            style = Style.DOUBLE;
        }
        return style;
    }

    /** yaml.v2's order of map keys: letters by code point, runs of digits by their number. */
    static boolean keyLess(String a, String b) {
        int[] ar = a.codePoints().toArray();
        int[] br = b.codePoints().toArray();
        for (int i = 0; i < ar.length && i < br.length; i++) {
            if (ar[i] == br[i]) {
                continue;
            }
            boolean al = Character.isLetter(ar[i]);
            boolean bl = Character.isLetter(br[i]);
            if (al && bl) {
                return ar[i] < br[i];
            }
            if (al || bl) {
                return bl;
            }
            long an = 0;
            long bn = 0;
            if (ar[i] == '0' || br[i] == '0') {
                for (int j = i - 1; j >= 0 && Character.isDigit(ar[j]); j--) {
                    if (ar[j] != '0') {
                        an = 1;
                        bn = 1;
                        break;
                    }
                }
            }
            int ai = i;
            for (; ai < ar.length && Character.isDigit(ar[ai]); ai++) {
                an = an * 10 + (ar[ai] - '0');
            }
            int bi = i;
            for (; bi < br.length && Character.isDigit(br[bi]); bi++) {
                bn = bn * 10 + (br[bi] - '0');
            }
            if (an != bn) {
                return an < bn;
            }
            if (ai != bi) {
                return ai < bi;
            }
            return ar[i] < br[i];
        }
        return ar.length < br.length;
    }

    /** Whether a YAML 1.1 reader (yaml.v2's resolver) reads {@code s}, unquoted, as a string. */
    static boolean resolvesToString(String s) {
        if (RESOLVED.contains(s)) {
            return false;
        }
        char c = s.charAt(0);
        if (c == '.') {
            return !isFloat(s);
        }
        if (!(c == '+' || c == '-' || c >= '0' && c <= '9')) {
            return true;
        }
        if (TIMESTAMP.matcher(s).matches()) {
            return false;
        }
        String plain = s.replace("_", "");
        return !(isInt(plain) || YAML_FLOAT.matcher(plain).matches() && isFloat(plain) || isBinary(plain));
    }

    private static boolean isFloat(String s) {
        try {
            Double.parseDouble(s);
            return !s.endsWith("d") && !s.endsWith("D") && !s.endsWith("f") && !s.endsWith("F");
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** Go's ParseInt/ParseUint with base 0: decimal, 0x hex, 0o or leading-0 octal, 0b binary. */
    private static boolean isInt(String s) {
        String t = s.startsWith("+") || s.startsWith("-") ? s.substring(1) : s;
        if (t.isEmpty()) {
            return false;
        }
        String digits;
        int radix;
        if (t.startsWith("0x") || t.startsWith("0X")) {
            digits = t.substring(2);
            radix = 16;
        } else if (t.startsWith("0b") || t.startsWith("0B")) {
            digits = t.substring(2);
            radix = 2;
        } else if (t.startsWith("0o") || t.startsWith("0O")) {
            digits = t.substring(2);
            radix = 8;
        } else if (t.length() > 1 && t.startsWith("0")) {
            digits = t.substring(1);
            radix = 8;
        } else {
            digits = t;
            radix = 10;
        }
        if (digits.isEmpty()) {
            return false;
        }
        try {
            new java.math.BigInteger(digits, radix);
        } catch (NumberFormatException e) {
            return false;
        }
        return digits.chars().allMatch(ch -> Character.digit(ch, radix) >= 0) && new java.math.BigInteger(digits, radix).bitLength() <= 64;
    }

    private static boolean isBinary(String s) {
        String t = s.startsWith("-0b") ? s.substring(3) : s.startsWith("0b") ? s.substring(2) : null;
        return t != null && !t.isEmpty() && t.chars().allMatch(ch -> ch == '0' || ch == '1') && t.length() <= 64;
    }

    private record Analysis(boolean multiline, boolean blockPlainAllowed, boolean singleQuotedAllowed, boolean blockAllowed) {
    }

    /** Which styles can hold {@code s} (libyaml's scalar analysis, block context). */
    private static Analysis analyze(String s) {
        if (s.isEmpty()) {
            return new Analysis(false, true, true, false);
        }
        boolean blockIndicators = s.startsWith("---") || s.startsWith("...");
        boolean lineBreaks = false;
        boolean special = false;
        boolean leadingSpace = false;
        boolean leadingBreak = false;
        boolean trailingSpace = false;
        boolean trailingBreak = false;
        boolean breakSpace = false;
        boolean spaceBreak = false;
        boolean precededByWhitespace = true;
        boolean previousSpace = false;
        boolean previousBreak = false;
        int[] cps = s.codePoints().toArray();
        for (int i = 0; i < cps.length; i++) {
            int c = cps[i];
            boolean followedByWhitespace = i + 1 >= cps.length || isBlank(cps[i + 1]);
            if (i == 0) {
                switch (c) {
                    case '#', ',', '[', ']', '{', '}', '&', '*', '!', '|', '>', '\'', '"', '%', '@', '`' -> blockIndicators = true;
                    case '?', ':' -> blockIndicators |= followedByWhitespace;
                    case '-' -> blockIndicators |= followedByWhitespace;
                    default -> { }
                }
            } else if (c == ':' && followedByWhitespace || c == '#' && precededByWhitespace) {
                blockIndicators = true;
            }
            if (!isPrintable(c)) {
                special = true;
            }
            if (c == ' ') {
                leadingSpace |= i == 0;
                trailingSpace |= i == cps.length - 1;
                breakSpace |= previousBreak;
                previousSpace = true;
                previousBreak = false;
            } else if (isBreak(c)) {
                lineBreaks = true;
                leadingBreak |= i == 0;
                trailingBreak |= i == cps.length - 1;
                spaceBreak |= previousSpace;
                previousSpace = false;
                previousBreak = true;
            } else {
                previousSpace = false;
                previousBreak = false;
            }
            precededByWhitespace = isBlank(c) || isBreak(c);
        }
        boolean plain = !(leadingSpace || leadingBreak || trailingSpace || trailingBreak || breakSpace || spaceBreak || special
                || lineBreaks || blockIndicators);
        boolean single = !(breakSpace || spaceBreak || special);
        boolean block = !(trailingSpace || spaceBreak || special);
        return new Analysis(lineBreaks, plain, single, block);
    }

    static boolean isBlank(int c) {
        return c == ' ' || c == '\t';
    }

    static boolean isBreak(int c) {
        return c == '\r' || c == '\n' || c == 0x85 || c == 0x2028 || c == 0x2029;
    }

    static boolean isPrintable(int c) {
        return c == 0x0A || c >= 0x20 && c <= 0x7E || c >= 0xA0 && c <= 0xD7FF || c >= 0xE000 && c <= 0xFFFD && c != 0xFEFF
                || c >= 0x10000 && c <= 0x10FFFF;
    }
}

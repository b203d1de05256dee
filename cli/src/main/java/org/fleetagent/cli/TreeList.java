package org.fleetagent.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * An indented list drawn with light box-drawing connectors, the layout of the real agent's human {@code status}
 * (its go-pretty "connected light" list): items are appended at the current level, {@link #indent()} and
 * {@link #unindent()} move it, and {@link #render()} draws the tree.
 */
final class TreeList {
    private static final String VERTICAL = "│  ";
    private static final String SPACES = "   ";

    private record Item(int level, String text) {
    }

    private final List<Item> items = new ArrayList<>();
    private int level;

    void add(String text) {
        items.add(new Item(level, text.replace("\t", "    ").replace("\r\n", "\n")));
    }

    /** One level deeper, but never more than one below the last item (a second indent in a row does nothing). */
    void indent() {
        if (!items.isEmpty() && level <= items.getLast().level()) {
            level++;
        }
    }

    void unindent() {
        if (level > 0) {
            level--;
        }
    }

    /** The drawing, every line ended by a newline. */
    String render() {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < items.size(); i++) {
            Item it = items.get(i);
            boolean top = i == 0;
            boolean first = top || it.level() > items.get(i - 1).level();
            boolean last = !moreAt(it.level(), i);
            boolean bottom = i == items.size() - 1;
            String[] lines = it.text().split("\n", -1);
            for (int l = 0; l < lines.length; l++) {
                for (int lv = 0; lv < it.level(); lv++) {
                    b.append(moreAt(lv, i) ? VERTICAL : SPACES);
                }
                if (l > 0) {
                    b.append(last ? SPACES : VERTICAL);
                } else {
                    b.append(bullet(top, first, last, bottom)).append(' ');
                }
                b.append(lines[l]).append('\n');
            }
        }
        return b.toString();
    }

    private static String bullet(boolean top, boolean first, boolean last, boolean bottom) {
        if (first && last) {
            return top ? "──" : "└─";
        }
        if (top) {
            return "┌─";
        }
        if (first) {
            return "├─";
        }
        return bottom || last ? "└─" : "├─";
    }

    /** Whether another item follows at {@code level} before the list climbs above it. */
    private boolean moreAt(int level, int from) {
        for (int i = from + 1; i < items.size(); i++) {
            if (items.get(i).level() < level) {
                return false;
            }
            if (items.get(i).level() == level) {
                return true;
            }
        }
        return false;
    }
}

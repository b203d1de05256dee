package org.fleetagent.fuzz;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.fleetagent.config.YamlFuzzTargets;
import org.fleetagent.control.ControlFuzzTargets;
import org.fleetagent.fleet.FleetReplyFuzzTargets;
import org.fleetagent.store.StoreFuzzTargets;
import org.fleetagent.tls.PemFuzzTargets;

/** Every fuzz target, by name; files some targets write go to {@code scratch}. */
public final class FuzzTargets {
    private FuzzTargets() {
    }

    public static List<FuzzTarget> all(Path scratch) throws Exception {
        List<FuzzTarget> all = new ArrayList<>();
        all.addAll(PemFuzzTargets.all(scratch));
        all.addAll(YamlFuzzTargets.all());
        all.addAll(StoreFuzzTargets.all(scratch));
        all.addAll(ControlFuzzTargets.all());
        all.addAll(FleetReplyFuzzTargets.all());
        return all;
    }

    public static FuzzTarget named(List<FuzzTarget> all, String name) {
        return all.stream().filter(t -> t.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no fuzz target " + name));
    }
}

package org.fleetagent.logging;

/**
 * Marks a log record as coming from a component: {@link EcsFormatter} writes it as {@code "component": {"id": ...}},
 * the field the real agent's lines carry and {@code elastic-agent logs --component} filters on.
 *
 * @param id the component id, as {@code status} shows it (for example {@code fleet-server-default})
 */
public record ComponentTag(String id) {
}

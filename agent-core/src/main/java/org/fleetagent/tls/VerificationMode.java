package org.fleetagent.tls;

/** PLACEHOLDER until the transport branch lands. */
public enum VerificationMode { FULL, STRICT, CERTIFICATE, NONE }

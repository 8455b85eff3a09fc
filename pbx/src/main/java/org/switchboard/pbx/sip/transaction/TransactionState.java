package org.switchboard.pbx.sip.transaction;

/** The states of the four machines (RFC 3261 §17 figures 5-8, RFC 6026 Accepted). */
enum TransactionState { CALLING, TRYING, PROCEEDING, ACCEPTED, COMPLETED, CONFIRMED, TERMINATED }

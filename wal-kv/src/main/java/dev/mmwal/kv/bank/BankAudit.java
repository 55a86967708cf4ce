package dev.mmwal.kv.bank;

import java.util.List;

/**
 * What the bank audit found.
 *
 * @param accounts      accounts the bank was created with.
 * @param accountRows   account rows found.
 * @param total         money found.
 * @param expectedTotal accounts times the initial balance.
 * @param negative      accounts with a negative balance.
 * @param transfers     committed transfers found.
 * @param partial       accounts whose balance differs from the initial balance replayed through every committed
 *                      transfer (a transfer applied in part, or without its record), plus rows of the never-committed
 *                      transaction that survived recovery.
 * @param acknowledged  transfers acknowledged (their commit returned) before the kill.
 * @param missing       acknowledged transfers not found, or found with other accounts or amount.
 * @param problems      the first few problems, in words.
 */
public record BankAudit(int accounts, int accountRows, long total, long expectedTotal, long negative, long transfers, long partial,
                        long acknowledged, long missing, List<String> problems) {
    public boolean conserved() {
        return total == expectedTotal && accountRows == accounts;
    }

    public boolean passed() {
        return conserved() && negative == 0 && partial == 0 && missing == 0;
    }

    /** One line: PASS or FAIL with the counts. */
    public String verdict() {
        return (passed() ? "PASS" : "FAIL") + ": total " + total + " of " + expectedTotal + (conserved() ? " (conserved)" : " (NOT conserved)")
            + ", " + (acknowledged - missing) + "/" + acknowledged + " acknowledged transfers present, " + partial + " partial, " + negative
            + " negative, " + transfers + " transfers committed in all";
    }
}

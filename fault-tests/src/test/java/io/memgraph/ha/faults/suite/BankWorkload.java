package io.memgraph.ha.faults.suite;

import io.memgraph.ha.faults.checker.BankChecker;
import io.memgraph.ha.faults.history.Op;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.neo4j.driver.Driver;
import org.neo4j.driver.Record;
import org.neo4j.driver.Session;
import org.neo4j.driver.Transaction;
import org.neo4j.driver.TransactionContext;

/**
 * Accounts {@code (:Acct {id, bal})}; transfers move money between two accounts in an explicit
 * transaction (read both, refuse an overdraft, write both); reads of all balances in one transaction
 * must always see the same total.
 */
final class BankWorkload implements Workload {
    static final String TRANSFER = "transfer";
    private final int accounts;
    private final long initialBalance;

    BankWorkload(int accounts, long initialBalance) {
        this.accounts = accounts;
        this.initialBalance = initialBalance;
    }

    @Override
    public String name() {
        return "bank";
    }

    @Override
    public boolean owns(String f) {
        return TRANSFER.equals(f) || BankChecker.READ.equals(f);
    }

    long total() {
        return accounts * initialBalance;
    }

    @Override
    public void setUp(Driver driver) {
        try (Session s = driver.session()) {
            for (int i = 0; i < accounts; i++) {
                long id = i;
                s.executeWrite(tx -> tx.run("CREATE (:Acct {id: $id, bal: $bal})", Map.of("id", id, "bal", initialBalance))
                        .consume());
            }
        }
    }

    @Override
    public void step(Client c) {
        if (c.random.nextInt(4) == 0) {
            c.call(BankChecker.READ, null, null, s -> s.executeRead(BankWorkload::readAll));
            return;
        }
        long from = c.random.nextInt(accounts);
        long to = (from + 1 + c.random.nextInt(accounts - 1)) % accounts;
        long amount = 1 + c.random.nextInt(20);
        c.call(TRANSFER, null, List.of(from, to, amount), s -> {
            // An explicit transaction, as a user moving money would write it.
            try (Transaction tx = s.beginTransaction()) {
                long balance = tx.run("MATCH (a:Acct {id: $id}) RETURN a.bal AS b", Map.of("id", from)).single().get("b")
                        .asLong();
                if (balance < amount) {
                    tx.rollback();
                    return false;
                }
                tx.run("MATCH (a:Acct {id: $id}) SET a.bal = a.bal - $n", Map.of("id", from, "n", amount)).consume();
                tx.run("MATCH (a:Acct {id: $id}) SET a.bal = a.bal + $n", Map.of("id", to, "n", amount)).consume();
                tx.commit();
                return true;
            }
        });
    }

    private static Map<String, Long> readAll(TransactionContext tx) {
        Map<String, Long> balances = new TreeMap<>();
        for (Record r : tx.run("MATCH (a:Acct) RETURN a.id AS id, a.bal AS bal").list()) {
            balances.put(String.valueOf(r.get("id").asLong()), r.get("bal").asLong());
        }
        return balances;
    }

    @Override
    public List<String> check(List<Op> events, Driver driver) {
        List<String> anomalies = new ArrayList<>(BankChecker.check(events, accounts, total()));
        Map<String, Long> balances;
        try (Session s = driver.session()) {
            balances = s.executeRead(BankWorkload::readAll);
        }
        String last = BankChecker.checkBalances("the read after healing", balances, accounts, total());
        if (last != null) {
            anomalies.add(last);
        }
        return anomalies;
    }
}

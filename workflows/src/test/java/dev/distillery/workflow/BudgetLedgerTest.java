package dev.distillery.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.distillery.recipe.Budget;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Grants keep running shards within the budget: whatever order shards report in, all of them
 * together spend at most the limit plus what they had in flight when they reached their caps.
 */
class BudgetLedgerTest {
  private static final String E = "http://teacher/v1";

  private static SpendReport report(String shard, String attempt, long tokens, boolean last) {
    return new SpendReport("stage/teacher/k", E, shard, attempt, tokens, 0, last);
  }

  @Test
  void grantsReserveAQuarterOfWhatIsLeftAndNeverMoreThanTheBudget() {
    BudgetLedger ledger = new BudgetLedger(Map.of(E, new Budget(1000, 0)));
    SpendGrant a = ledger.grant(report("rows 0-10", "a#1", 0, false));
    SpendGrant b = ledger.grant(report("rows 10-20", "b#1", 0, false));

    assertTrue(a.open() && b.open());
    assertEquals(250, a.tokenCap(), "a quarter of 1000");
    assertEquals(187, b.tokenCap(), "a quarter of the 750 a does not hold");
    assertEquals(0, a.microUsdCap(), "cost is not limited");
    assertTrue(a.allows(249, 0));
    assertFalse(a.allows(250, 0));

    // a spent its grant: it gets a quarter of what neither it nor b holds.
    SpendGrant again = ledger.grant(report("rows 0-10", "a#1", 260, false));
    assertEquals(260 + (1000 - 260 - 187) / 4, again.tokenCap());
    assertEquals(260, ledger.status().get(0).tokensSpent(), "provisional spend counts");
  }

  @Test
  void aUsedUpBudgetClosesAndAFinishedShardReplacesItsReportsByItsRecord() {
    BudgetLedger ledger = new BudgetLedger(Map.of(E, new Budget(100, 0)));
    ledger.grant(report("rows 0-10", "a#1", 0, false));
    SpendGrant closed = ledger.grant(report("rows 0-10", "a#1", 104, false));

    assertFalse(closed.open());
    assertTrue(closed.message().contains("used up"), closed.message());
    assertFalse(ledger.open(E));
    assertEquals(104, ledger.status().get(0).tokensSpent());

    // The shard's record says 110 (its checkpoint counts a retry's tokens too): that is charged.
    ledger.settle(new BudgetCharge("stage/teacher/k", E, 110, 0, 1, "rows 0-10"));
    assertEquals(110, ledger.status().get(0).tokensSpent(), "charged once, not 104 + 110");
    ledger.raise(E, 100, 0);
    assertTrue(ledger.open(E));
  }

  @Test
  void aNewRunOfAShardReplacesTheOldRunsReport() {
    BudgetLedger ledger = new BudgetLedger(Map.of(E, new Budget(1000, 0)));
    ledger.grant(report("rows 0-10", "a#1", 0, false));
    ledger.grant(report("rows 0-10", "a#1", 300, false));
    // The worker died; the retry starts from the checkpoint, which held 250 of the 300.
    ledger.grant(report("rows 0-10", "a#2", 250, false));
    assertEquals(250, ledger.status().get(0).tokensSpent());
  }

  @Test
  void aStageThatFailsKeepsWhatItsShardsSpentAndFreesWhatTheyHeld() {
    BudgetLedger ledger = new BudgetLedger(Map.of(E, new Budget(1000, 0)));
    ledger.grant(report("rows 0-10", "a#1", 0, false));
    ledger.grant(report("rows 0-10", "a#1", 300, false));
    ledger.release("stage/teacher/k");
    assertEquals(300, ledger.status().get(0).tokensSpent());
    SpendGrant other =
        ledger.grant(new SpendReport("stage/teacher/other", E, "rows 0-10", "x#1", 0, 0, false));
    assertEquals((1000 - 300) / 4, other.tokenCap(), "nothing is held for the failed stage");
  }

  @Test
  void whenOthersHoldWhatIsLeftAShardWaitsAndIsWokenWhenRoomAppears() {
    BudgetLedger ledger = new BudgetLedger(Map.of(E, new Budget(10, 0)));
    ledger.grant(report("rows 0-10", "a#1", 0, false)); // holds 2
    ledger.grant(report("rows 10-20", "b#1", 0, false)); // holds 2
    ledger.grant(report("rows 20-30", "c#1", 0, false)); // holds 1
    // d spends past everything free while the others hold their caps.
    ledger.grant(report("rows 30-40", "d#1", 0, false));
    SpendGrant starved = ledger.grant(report("rows 30-40", "d#1", 6, false));
    assertTrue(ledger.open(E), "6 of 10 spent");
    assertFalse(starved.open());
    assertTrue(starved.message().contains("waiting for budget room"), starved.message());
    assertEquals(List.of("stage/teacher/k"), ledger.takeStarved());
    assertEquals(List.of(), ledger.takeStarved());
  }

  /**
   * Shards spend random amounts per request, each with up to {@code inFlight} requests at once,
   * interleaved at random. The rule a shard follows: start a request only while what it has spent
   * is below its cap; ask for a new grant when it is not; stop when refused. Then the total spent
   * (requests in flight at the end land too) is at most the limit plus, per shard, the most it ever
   * had in flight.
   */
  @Test
  void randomShardsNeverOvershootByMoreThanTheirRequestsInFlight() {
    SplittableRandom random = new SplittableRandom(42);
    for (int round = 0; round < 300; round++) {
      long limit = 1 + random.nextLong(200_000);
      BudgetLedger ledger = new BudgetLedger(Map.of(E, new Budget(limit, 0)));
      int inFlight = 1 + random.nextInt(8);
      long maxRequest = 1 + random.nextLong(5_000);
      List<SimulatedShard> shards = new ArrayList<>();
      for (int s = 1 + random.nextInt(16); s > 0; s--) {
        shards.add(new SimulatedShard("rows " + s));
      }
      for (int step = 0; step < 50_000; step++) {
        SimulatedShard shard = shards.get(random.nextInt(shards.size()));
        boolean finish =
            !shard.pending.isEmpty()
                && (shard.stopped || shard.pending.size() == inFlight || random.nextBoolean());
        if (finish) {
          shard.spent += shard.pending.remove(0);
        } else if (!shard.stopped) {
          if (shard.grant == null || !shard.grant.allows(shard.spent, 0)) {
            shard.grant = ledger.grant(report(shard.name, "1", shard.spent, false));
          }
          if (shard.grant.allows(shard.spent, 0)) {
            shard.pending.add(1 + random.nextLong(maxRequest));
            shard.maxInFlight =
                Math.max(shard.maxInFlight, shard.pending.stream().mapToLong(x -> x).sum());
          } else {
            shard.stopped = true;
          }
        }
      }
      long total = 0;
      long allowance = 0;
      for (SimulatedShard shard : shards) {
        total += shard.spent + shard.pending.stream().mapToLong(x -> x).sum();
        allowance += shard.maxInFlight;
      }
      assertTrue(
          total <= limit + allowance,
          "round "
              + round
              + ": spent "
              + total
              + " of "
              + limit
              + " (in flight "
              + allowance
              + ")");
    }
  }

  private static final class SimulatedShard {
    final String name;
    final List<Long> pending = new ArrayList<>();
    long spent;
    long maxInFlight;
    SpendGrant grant;
    boolean stopped;

    SimulatedShard(String name) {
      this.name = name;
    }
  }
}

package io.memgraph.ha.compat.sdn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.memgraph.ha.compat.sdn.movies.Movie;
import io.memgraph.ha.compat.sdn.movies.Person;
import io.memgraph.ha.compat.sdn.movies.PersonRepository;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

/** Spring-managed transactions over SDN: commit, rollback, read-your-writes inside one transaction. */
class TransactionTest extends ImperativeTestBase {
    @Autowired
    TransactionTemplate transactions;

    @Autowired
    PersonRepository people;

    @Autowired
    CastingService casting;

    @Test
    void templateCommitsAndSeesItsOwnWrites() {
        long inside = transactions.execute(status -> {
            people.save(new Person("Ann", 1980));
            people.save(new Person("Bob", 1981));
            return people.count();
        });
        assertThat(inside).isEqualTo(2);
        assertThat(people.findAll()).extracting(Person::getName).containsExactlyInAnyOrder("Ann", "Bob");
    }

    @Test
    void templateRollsBackOnRollbackOnlyAndOnException() {
        transactions.executeWithoutResult(status -> {
            people.save(new Person("Ann", 1980));
            assertThat(people.existsByName("Ann")).isTrue();
            status.setRollbackOnly();
        });
        assertThat(people.count()).isZero();

        assertThatThrownBy(() -> transactions.executeWithoutResult(status -> {
            people.save(new Person("Bob", 1981));
            throw new IllegalStateException("boom");
        })).hasMessage("boom");
        assertThat(people.count()).isZero();
    }

    @Test
    void transactionalServiceCommitsOrRollsBackAsAWhole() {
        casting.saveAll(List.of(movie("A", 1, "a"), movie("B", 2, "b")), false);
        assertThat(movies.count()).isEqualTo(2);

        assertThatThrownBy(() -> casting.saveAll(List.of(movie("C", 3, "c"), movie("D", 4, "d")), true))
                .hasMessage("casting cancelled");
        assertThat(movies.findAll()).extracting(Movie::getTitle).containsExactlyInAnyOrder("A", "B");
    }

    @Test
    void readOnlyTransaction() {
        people.save(new Person("Ann", 1980));
        TransactionTemplate readOnly = new TransactionTemplate(transactions.getTransactionManager());
        readOnly.setReadOnly(true);
        Integer born = readOnly.execute(status -> people.findByName("Ann").map(Person::getBorn).orElseThrow());
        assertThat(born).isEqualTo(1980);
    }
}

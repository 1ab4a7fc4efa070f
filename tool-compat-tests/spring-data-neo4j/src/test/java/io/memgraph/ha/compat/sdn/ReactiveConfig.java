package io.memgraph.ha.compat.sdn;

import io.memgraph.ha.compat.sdn.movies.Movie;
import io.memgraph.ha.compat.sdn.movies.ReactivePersonRepository;
import java.util.Collection;
import java.util.List;
import org.neo4j.driver.Driver;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.neo4j.config.AbstractReactiveNeo4jConfig;
import org.springframework.data.neo4j.repository.config.EnableReactiveNeo4jRepositories;
import org.springframework.transaction.ReactiveTransactionManager;
import org.springframework.transaction.reactive.TransactionalOperator;

/** The reactive side of SDN: reactive repositories, template, client and transactions. */
@Configuration
@EnableReactiveNeo4jRepositories(basePackageClasses = ReactivePersonRepository.class)
public class ReactiveConfig extends AbstractReactiveNeo4jConfig {

    @Bean
    @Override
    public Driver driver() {
        return MemgraphServer.driver();
    }

    @Bean
    @Override
    public org.neo4j.cypherdsl.core.renderer.Configuration cypherDslConfiguration() {
        return MemgraphServer.cypherDslConfiguration();
    }

    @Override
    protected Collection<String> getMappingBasePackages() {
        return List.of(Movie.class.getPackageName());
    }

    @Bean
    public TransactionalOperator transactionalOperator(ReactiveTransactionManager transactionManager) {
        return TransactionalOperator.create(transactionManager);
    }
}

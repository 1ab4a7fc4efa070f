package io.memgraph.ha.compat.sdn;

import io.memgraph.ha.compat.sdn.movies.Movie;
import io.memgraph.ha.compat.sdn.movies.MovieRepository;
import java.util.Collection;
import java.util.List;
import org.neo4j.driver.Driver;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.neo4j.config.AbstractNeo4jConfig;
import org.springframework.data.neo4j.repository.config.EnableNeo4jRepositories;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.EnableTransactionManagement;
import org.springframework.transaction.support.TransactionTemplate;

/** Plain Spring Data Neo4j (no Boot): the driver, the mapping, repositories, transactions. */
@Configuration
@EnableNeo4jRepositories(basePackageClasses = MovieRepository.class)
@EnableTransactionManagement
public class ImperativeConfig extends AbstractNeo4jConfig {

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
    public TransactionTemplate transactionTemplate(PlatformTransactionManager transactionManager) {
        return new TransactionTemplate(transactionManager);
    }

    @Bean
    public CastingService castingService(MovieRepository movies) {
        return new CastingService(movies);
    }
}

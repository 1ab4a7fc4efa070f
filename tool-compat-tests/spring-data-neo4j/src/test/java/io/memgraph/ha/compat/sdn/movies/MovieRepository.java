package io.memgraph.ha.compat.sdn.movies;

import java.util.List;
import java.util.Optional;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Slice;
import org.springframework.data.domain.Sort;
import org.springframework.data.neo4j.repository.Neo4jRepository;
import org.springframework.data.neo4j.repository.query.Query;
import org.springframework.data.repository.query.Param;

/** Derived finders, counts, exists, deletes, projections and {@code @Query} methods on movies. */
public interface MovieRepository extends Neo4jRepository<Movie, String> {

    Page<Movie> findByReleasedBetween(int from, int to, Pageable pageable);

    Slice<Movie> findSliceByReleasedGreaterThan(int year, Pageable pageable);

    List<Movie> findByTitleContaining(String part, Sort sort);

    List<Movie> findByTitleStartingWithIgnoreCase(String prefix);

    List<Movie> findByReleasedIsNull();

    List<Movie> findByReleasedIn(List<Integer> years);

    List<Movie> findTop2ByOrderByReleasedDesc();

    Optional<Movie> findOneByDescription(String description);

    List<Movie> findByActorsPersonName(String actor);

    List<Movie> findByDirectorsName(String director);

    long countByReleasedGreaterThan(int year);

    boolean existsByTitle(String title);

    long deleteByReleasedLessThan(int year);

    void deleteByTitle(String title);

    List<MovieSummary> findSummariesByReleasedGreaterThanEqualOrderByTitle(int year);

    <T> List<T> findByTitle(String title, Class<T> type);

    @Query("MATCH (m:Movie)<-[r:ACTED_IN]-(p:Person) WHERE p.name = $name "
            + "RETURN m, collect(r), collect(p) ORDER BY m.title")
    List<Movie> moviesOf(@Param("name") String actor);

    @Query("MATCH (m:Movie) WHERE m.released >= $year RETURN m.title AS title, m.released AS released "
            + "ORDER BY m.released, m.title")
    List<MovieSummary> summariesSince(@Param("year") int year);

    @Query("MATCH (m:Movie) WHERE m.released >= $year RETURN count(m)")
    long countSince(@Param("year") int year);

    @Query("MATCH (:Person {name: $name})-[:ACTED_IN]->(m:Movie) RETURN m.title ORDER BY m.title")
    List<String> titlesOf(@Param("name") String actor);

    @Query(value = "MATCH (m:Movie) RETURN m :#{orderBy(#pageable)} SKIP $skip LIMIT $limit",
            countQuery = "MATCH (m:Movie) RETURN count(m)")
    Page<Movie> pageAll(Pageable pageable);

    @Query("MATCH (m:Movie {title: $title}) SET m.tagline = $tagline RETURN m")
    Movie retag(@Param("title") String title, @Param("tagline") String tagline);
}

package io.memgraph.ha.query.exec;

import io.memgraph.ha.query.fulltext.InvertedIndex;
import io.memgraph.ha.storage.DerivedIndex;
import io.memgraph.ha.storage.DerivedIndexFactory;
import io.memgraph.ha.storage.SchemaItem;

/**
 * The search structures the query engine keeps beside the graph for the indexes the storage
 * engine does not search itself (registered by {@code QueryEngine} through
 * {@code Storage.deriveIndexes}). An index without a structure is searched by a scan.
 */
public final class SearchIndexes implements DerivedIndexFactory {
    @Override
    public DerivedIndex create(SchemaItem item) {
        if (item instanceof SchemaItem.VectorIndex) {
            return new HnswIndex((SchemaItem.VectorIndex) item); // vector indexes: an HNSW graph (VectorSearch)
        }
        if (item instanceof SchemaItem.FulltextIndex) {
            return InvertedIndex.of((SchemaItem.FulltextIndex) item); // null for one of every property: scanned
        }
        return null;
    }
}

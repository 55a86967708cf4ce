package dev.mmwal.kv;

/**
 * How a page write cut by a power loss is repaired (docs/kv.md, "Torn pages"). Either way a torn
 * page is detected by its CRC when the store opens.
 */
public enum TornPageProtection {
    /**
     * The first change of a page after each checkpoint logs the whole page first (PostgreSQL's
     * {@code full_page_writes}); redo rebuilds a torn page from that image. Costs log volume (one
     * page image per changed page per checkpoint interval); a checkpoint syncs one file.
     */
    FULL_PAGE_IMAGES,
    /**
     * A checkpoint writes its batch of dirty pages to {@code pages.dw} and syncs it before writing
     * them in place (InnoDB's doublewrite buffer); open repairs a torn page from its copy there.
     * Costs a second write of every page and a second sync per checkpoint; the log carries no
     * page images.
     */
    DOUBLEWRITE
}

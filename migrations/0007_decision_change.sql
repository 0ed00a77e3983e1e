PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_decisions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`kr_id` integer NOT NULL,
	`kind` text NOT NULL,
	`status` text DEFAULT 'confirmed' NOT NULL,
	`proposed_by` integer,
	`rationale` text NOT NULL,
	`new_title` text,
	`new_target` real,
	`decided_by` integer,
	`decided_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`snapshot` text NOT NULL,
	FOREIGN KEY (`kr_id`) REFERENCES `key_results`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`proposed_by`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`decided_by`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "decisions_kind" CHECK("__new_decisions"."kind" IN ('double_down', 'pivot', 'stop', 'change')),
	CONSTRAINT "decisions_status" CHECK("__new_decisions"."status" IN ('proposed', 'confirmed', 'rejected')),
	CONSTRAINT "decisions_rationale" CHECK(length(trim("__new_decisions"."rationale")) > 0)
);
--> statement-breakpoint
INSERT INTO `__new_decisions`("id", "kr_id", "kind", "status", "proposed_by", "rationale", "new_title", "new_target", "decided_by", "decided_at", "snapshot") SELECT "id", "kr_id", "kind", "status", "proposed_by", "rationale", "new_title", "new_target", "decided_by", "decided_at", "snapshot" FROM `decisions`;--> statement-breakpoint
DROP TABLE `decisions`;--> statement-breakpoint
ALTER TABLE `__new_decisions` RENAME TO `decisions`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE INDEX `decisions_kr` ON `decisions` (`kr_id`);
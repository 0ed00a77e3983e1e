PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_deliveries` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`purpose` text NOT NULL,
	`subject` text NOT NULL,
	`cycle_id` integer,
	`week` integer,
	`person_id` integer,
	`team_id` integer,
	`kr_id` integer,
	`state` text DEFAULT 'claimed' NOT NULL,
	`channel` text,
	`ts` text,
	`error` text,
	`attempts` integer DEFAULT 0 NOT NULL,
	`claimed_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`sent_at` text,
	FOREIGN KEY (`cycle_id`) REFERENCES `cycles`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`team_id`) REFERENCES `teams`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`kr_id`) REFERENCES `key_results`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "deliveries_state" CHECK("__new_deliveries"."state" IN ('claimed', 'sent', 'failed', 'skipped'))
);
--> statement-breakpoint
INSERT INTO `__new_deliveries`("id", "purpose", "subject", "cycle_id", "week", "person_id", "team_id", "kr_id", "state", "channel", "ts", "error", "attempts", "claimed_at", "sent_at") SELECT "id", "purpose", "subject", "cycle_id", "week", "person_id", "team_id", "kr_id", "state", "channel", "ts", "error", "attempts", "claimed_at", "sent_at" FROM `deliveries`;--> statement-breakpoint
DROP TABLE `deliveries`;--> statement-breakpoint
ALTER TABLE `__new_deliveries` RENAME TO `deliveries`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE UNIQUE INDEX `deliveries_purpose_subject` ON `deliveries` (`purpose`,`subject`);--> statement-breakpoint
CREATE INDEX `deliveries_person_week` ON `deliveries` (`person_id`,`week`);--> statement-breakpoint
CREATE INDEX `deliveries_cycle_purpose_week` ON `deliveries` (`cycle_id`,`purpose`,`week`);
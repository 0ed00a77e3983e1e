CREATE TABLE `kr_values` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`kr_id` integer NOT NULL,
	`value` real,
	`error` text,
	`kind` text NOT NULL,
	`read_at` text NOT NULL,
	FOREIGN KEY (`kr_id`) REFERENCES `key_results`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `kr_values_kr_read` ON `kr_values` (`kr_id`,`read_at`);--> statement-breakpoint
ALTER TABLE `key_results` ADD `source` text;
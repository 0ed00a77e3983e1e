ALTER TABLE `processed_events` ADD `payload` text;--> statement-breakpoint
ALTER TABLE `processed_events` ADD `done_at` text;
ALTER TABLE `key_results` ADD `stopped_at` text;--> statement-breakpoint
UPDATE `key_results` SET `stopped_at` = `updated_at` WHERE `status` = 'stopped';
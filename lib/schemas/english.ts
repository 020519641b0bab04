/**
 * zod/mini ships no messages: left alone, every issue reads "Invalid input". Classic zod set English as its first
 * schema was built; declared.ts imports this, so every module that declares a schema or a route does the same
 * before anything parses, and a 400's details read as they always have.
 */
import { en } from 'zod/locales';
import { config } from 'zod/mini';

config(en());

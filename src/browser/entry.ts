import { boot } from './script';

// The script-tag build's only top-level effect: the IIFE runs it once when the tag loads.
boot();

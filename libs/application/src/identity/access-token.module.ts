import { createSecretKey } from 'node:crypto';
import { Module } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import { AppConfig } from '@app/config';
import { AccessTokens } from './access-tokens';

/**
 * Signs and verifies the access tokens (HS256). The secret is handed to `jsonwebtoken` as a prepared
 * `KeyObject`: given the string, the library derives a key object on every call, which measured ~290 µs
 * per verification here against ~6 µs — and every authorised request verifies its token (the rate limit
 * and the access guard).
 */
@Module({
  imports: [
    JwtModule.registerAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        secret: createSecretKey(Buffer.from(config.JWT_SECRET, 'utf8')),
        signOptions: { algorithm: 'HS256' },
        verifyOptions: { algorithms: ['HS256'] },
      }),
    }),
  ],
  providers: [AccessTokens],
  exports: [JwtModule, AccessTokens],
})
export class AccessTokenModule {}
